import Foundation

/// CPU seconds used by this process and by the local broker (any process named `tansu`), so the
/// bench can show where the machine's cores went during a phase.
struct CPUTime {
    var own: Double
    var broker: Double

    static func now() -> CPUTime {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let own = Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
        return CPUTime(own: own, broker: brokerSeconds())
    }

    func elapsed() -> CPUTime {
        let end = CPUTime.now()
        return CPUTime(own: end.own - own, broker: end.broker - broker)
    }

    /// utime + stime of every `tansu` process, from /proc/PID/stat (fields 14 and 15, in clock ticks).
    private static func brokerSeconds() -> Double {
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        let pids = (try? FileManager.default.contentsOfDirectory(atPath: "/proc"))?.filter { $0.allSatisfy(\.isNumber) } ?? []
        var total = 0.0
        for pid in pids {
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                  let open = stat.firstIndex(of: "("), let close = stat.lastIndex(of: ")"),
                  stat[stat.index(after: open)..<close] == "tansu" else { continue }
            let fields = stat[stat.index(close, offsetBy: 2)...].split(separator: " ")
            // fields[0] is the state (field 3), so utime (field 14) is fields[11].
            if fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) {
                total += (user + system) / ticks
            }
        }
        return total
    }
}

/// A growable buffer of plain values in manually managed memory, for the per-item working state a
/// `Scorer` reuses: appends and reads do no reference counting, uniqueness or exclusivity checks
/// (and, like `UnsafeBufferPointer`, no bounds checks in release builds). Copies share the memory;
/// the owner calls `deallocate()` once.
struct ScratchBuffer<Element: BitwiseCopyable> {
    private(set) var base: UnsafeMutablePointer<Element>
    private(set) var capacity: Int
    var count = 0

    init(capacity: Int) {
        self.capacity = max(capacity, 1)
        base = .allocate(capacity: self.capacity)
    }

    /// `count` copies of `value`.
    init(repeating value: Element, count: Int) {
        self.init(capacity: count)
        base.initialize(repeating: value, count: count)
        self.count = count
    }

    func deallocate() { base.deallocate() }

    @inline(__always)
    subscript(index: Int) -> Element {
        get { base[index] }
        nonmutating set { base[index] = newValue }
    }

    var isEmpty: Bool { count == 0 }

    /// The elements, `base[0..<count]`.
    var elements: UnsafeMutableBufferPointer<Element> { UnsafeMutableBufferPointer(start: base, count: count) }

    @inline(__always)
    mutating func append(_ element: Element) {
        if count == capacity { reserve(capacity * 2) }
        base[count] = element
        count += 1
    }

    /// Makes room for at least `minimumCapacity` elements, keeping the contents.
    mutating func reserve(_ minimumCapacity: Int) {
        guard minimumCapacity > capacity else { return }
        let bigger = UnsafeMutablePointer<Element>.allocate(capacity: minimumCapacity)
        bigger.update(from: base, count: count)
        base.deallocate()
        base = bigger
        capacity = minimumCapacity
    }

    @inline(__always)
    mutating func removeAll() { count = 0 }
}

extension ScratchBuffer {
    /// Sorts `base[range]` stably (equal elements keep their order): insertion sort for the short
    /// runs scoring produces, the standard library's stable sort for long ones.
    func stableSort(_ range: Range<Int>, by areInIncreasingOrder: (Element, Element) -> Bool) {
        if range.count <= 32 {
            var i = range.lowerBound + 1
            while i < range.upperBound {
                let value = base[i]
                var j = i
                while j > range.lowerBound, areInIncreasingOrder(value, base[j - 1]) {
                    base[j] = base[j - 1]
                    j -= 1
                }
                base[j] = value
                i += 1
            }
        } else {
            // `sort` is a stable merge sort; copying out keeps it independent of the buffer's type.
            var values = Array(UnsafeBufferPointer(start: base + range.lowerBound, count: range.count))
            values.sort(by: areInIncreasingOrder)
            values.withUnsafeBufferPointer { (base + range.lowerBound).update(from: $0.baseAddress!, count: range.count) }
        }
    }

    func stableSort(by areInIncreasingOrder: (Element, Element) -> Bool) {
        stableSort(0..<count, by: areInIncreasingOrder)
    }
}

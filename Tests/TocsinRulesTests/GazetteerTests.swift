import Foundation
import Testing
@testable import TocsinRules

/// The shipped gazetteer (Config/rules/regions.yaml): every country has a slug, names, metonyms and
/// key places resolve to the expected region, and everyday words are not country mentions.
///
/// The gazetteer is loaded on its own (with the test scoring settings), so these tests check the
/// country names and regions whatever state the signal rules are in.
@Suite struct GazetteerTests {
    static let regionsPath = Paths.root.appendingPathComponent("Config/rules/regions.yaml").path
    static let rules: RuleSet = {
        let text = try! String(contentsOfFile: regionsPath, encoding: .utf8)
        return try! RuleSet.load(sources: [
            RuleSource(path: regionsPath, text: text),
            RuleSource(path: "scoring.yaml", text: testScoring),
        ])
    }()

    /// The 193 UN member states, as gazetteer slugs.
    static let unMembers = """
        afghanistan albania algeria andorra angola antigua-and-barbuda argentina armenia australia
        austria azerbaijan bahamas bahrain bangladesh barbados belarus belgium belize benin bhutan
        bolivia bosnia botswana brazil brunei bulgaria burkina-faso burundi cape-verde cambodia
        cameroon canada central-african-republic chad chile china colombia comoros republic-of-congo
        costa-rica ivory-coast croatia cuba cyprus czechia north-korea dr-congo denmark djibouti
        dominica dominican-republic ecuador egypt el-salvador equatorial-guinea eritrea estonia
        eswatini ethiopia fiji finland france gabon gambia georgia germany ghana greece grenada
        guatemala guinea guinea-bissau guyana haiti honduras hungary iceland india indonesia iran iraq
        ireland israel italy jamaica japan jordan kazakhstan kenya kiribati kuwait kyrgyzstan laos
        latvia lebanon lesotho liberia libya liechtenstein lithuania luxembourg madagascar malawi
        malaysia maldives mali malta marshall-islands mauritania mauritius mexico micronesia monaco
        mongolia montenegro morocco mozambique myanmar namibia nauru nepal netherlands new-zealand
        nicaragua niger nigeria north-macedonia norway oman pakistan palau panama papua-new-guinea
        paraguay peru philippines poland portugal qatar south-korea moldova romania russia rwanda
        saint-kitts-and-nevis saint-lucia saint-vincent-and-the-grenadines samoa san-marino
        sao-tome-and-principe saudi-arabia senegal serbia seychelles sierra-leone singapore slovakia
        slovenia solomon-islands somalia south-africa south-sudan spain sri-lanka sudan suriname
        sweden switzerland syria tajikistan thailand timor-leste togo tonga trinidad-and-tobago
        tunisia turkey turkmenistan tuvalu uganda ukraine uae united-kingdom tanzania united-states
        uruguay uzbekistan vanuatu venezuela vietnam yemen zambia zimbabwe
        """.split(whereSeparator: \.isWhitespace).map(String.init)
    /// Not UN members, but parties to conflicts the news covers.
    static let extras = ["taiwan", "kosovo", "palestine"]

    func region(_ title: String, _ body: String) throws -> String? {
        try Scorer(ruleSet: Self.rules).assess(NewsItem(id: "g", title: title, body: body)).region
    }

    @Test func everyUNMemberAndTheExtrasHaveASlug() {
        #expect(Self.unMembers.count == 193)
        #expect(Set(Self.unMembers).count == 193)
        let slugs = Set(Self.rules.countries)
        for slug in Self.unMembers + Self.extras {
            #expect(slugs.contains(slug), "no country '\(slug)' in regions.yaml")
        }
        #expect(Self.rules.countries.count == Set(Self.rules.countries).count)
    }

    @Test func existingRegionsAreKept() {
        let regions = Set(Self.rules.regions.map(\.slug))
        for slug in ["koreas", "afghanistan-pakistan", "armenia-azerbaijan", "china-india", "china-japan",
                     "china-philippines", "china-taiwan", "dr-congo-rwanda", "eritrea-ethiopia", "georgia-russia",
                     "greece-turkey", "guyana-venezuela", "india-pakistan", "israel-iran", "israel-lebanon",
                     "israel-palestine", "israel-syria", "kosovo-serbia", "kyrgyzstan-tajikistan", "russia-ukraine",
                     "south-sudan-sudan", "sudan-chad"] {
            #expect(regions.contains(slug), "region '\(slug)' is missing")
        }
    }

    @Test(arguments: [
        // Metonyms, capitals and leaders' titles.
        ("Kremlin rejects Kyiv's proposal", "Peskov said the talks were premature.", "russia-ukraine"),
        ("Downing Street summons envoy", "Whitehall officials said Tehran had crossed a line.", "iran-united-kingdom"),
        ("Zhongnanhai warns Taipei", "The Eastern Theater Command began drills near the Taiwan Strait.", "china-taiwan"),
        ("Rawalpindi vows response", "ISPR said Indian drones were shot down near Sialkot.", "india-pakistan"),
        ("Knesset votes on hostage deal", "Hamas officials studied the text.", "israel-palestine"),
        ("Pyongyang fires missile", "Seoul said the Hwasong missile flew 1,000 km.", "koreas"),
        ("Pentagon sends carrier", "The Oval Office meeting discussed Caracas.", "united-states-venezuela"),
        // Key and contested places.
        ("Shelling in Poonch", "Residents of Muzaffarabad also reported firing.", "india-pakistan"),
        ("Heavy fighting near Pokrovsk", "Belgorod governor reports drone strikes.", "russia-ukraine"),
        ("Donbas front holds", "Shelling in Kursk and Crimea overnight.", "russia-ukraine"),
        ("Scarborough Shoal standoff", "Beijing's coast guard used water cannon.", "china-philippines"),
        ("Senkaku patrols", "Diaoyu islands claimed again by the foreign ministry.", "china-japan"),
        ("Clashes near Preah Vihear", "Bangkok closed border crossings.", "cambodia-thailand"),
        ("Fighting in Karabakh", "Yerevan accused Baku of shelling Syunik.", "armenia-azerbaijan"),
        ("Houthis fire at Eilat", "Ships avoid Bab el-Mandeb.", "israel-yemen"),
        ("Tanker seized near Hormuz", "The Royal Navy shadowed the vessel.", "iran-united-kingdom"),
        ("Goma falls", "Kagame denied backing the rebels.", "dr-congo-rwanda"),
        ("El Fasher under siege", "Refugees fled to Chad across the border.", "sudan-chad"),
        ("Falklands anniversary", "Buenos Aires renewed its claim to the Malvinas.", "argentina-united-kingdom"),
        ("Junta leaders meet in Niamey", "Bamako and Ouagadougou send delegations.", "sahel"),
        ("Somaliland port deal angers Mogadishu", "Addis Ababa signed the memorandum.", "ethiopia-somalia"),
        ("Turkey says it will strike", "Ankara warned Kurdish fighters in Raqqa.", "syria-turkey"),
        ("Strikes on Hodeidah", "Riyadh called for restraint.", "saudi-arabia-yemen"),
        ("Gaza ceasefire talks", "Rafah crossing reopens; Jerusalem sends a delegation.", "israel-palestine"),
        // A name inside a longer name counts only for the longer one.
        ("Equatorial Guinea and Guinea-Bissau sign accord", "Malabo hosted the talks.", "equatorial-guinea-guinea-bissau"),
        ("Northern Ireland talks", "Dublin and London met.", "ireland-united-kingdom"),
    ])
    func namesResolveToTheExpectedRegion(title: String, body: String, expected: String) throws {
        #expect(try region(title, body) == expected)
    }

    /// The region is the pair most involved in the signals: a sentence with a counted signal weighs
    /// its countries more than background paragraphs that name others more often.
    @Test func countriesInASignalSentenceOutweighTheBackground() throws {
        let body = "Officials from France and Germany met in Berlin on Monday to discuss farm subsidies, German officials said. "
            + "Separately, Brazil deployed thousands of additional troops along its border with Argentina, Brazilian and Argentine officials said."
        let assessment = try Scorer(ruleSet: RuleSet.load(paths: [Paths.defaultRules])).assess(NewsItem(id: "t", body: body))
        #expect(!assessment.signals.isEmpty)
        #expect(assessment.region == "argentina-brazil")
    }

    /// Each text names one country, and the rest must not count as a mention: a longer name that
    /// contains another country's name, or an everyday word that is also a country's name.
    @Test(arguments: [
        ("Storm hits New South Wales", "Canberra declared an emergency."),
        ("Papua New Guinea's election", "Port Moresby counts votes."),
        ("Protest in Inner Mongolia", "Authorities in Beijing detained activists."),
        ("Los Alamos lab in New Mexico", "The lab is in the United States."),
        ("Oil spill in the Niger Delta", "Abuja promised compensation."),
        ("Democratic People's Republic of Korea statement", "The DPRK rejected talks."),
        ("Bosnian Serb leader defies court", "Dodik met officials in Sarajevo."),
        ("Chad Smith scored twice in France", "Chad's second goal came late; the ball went to Chad again."),
        ("Georgia's governor visits Mexico", "Georgians head to the polls in Atlanta; Georgia Power raised rates."),
        ("Turkey prices rise before Thanksgiving in Canada", "A frozen turkey costs more this year, and turkey sandwiches too."),
        ("Jordan Henderson joins Dutch club", "Jordan Henderson said he was happy in Amsterdam."),
        ("Guinea pig study in Japan", "Researchers in Tokyo tested the vaccine in guinea pigs and guinea fowl."),
        ("Sofia Coppola film premieres in Italy", "Santiago and Victoria attended; the director flew from Kingston."),
        ("Georgetown beats Villanova", "The Hoyas won in front of American fans."),
        ("Workers repair downed poles in Spain", "Male voters and Lima beans."),
        ("Dominican friars celebrate in Brazil", "The Congo River basin, the Korean war and the Macedonian phalanx."),
        ("Louis XI and Pius XI", "Russia's trump card, said a Moscow analyst."),
        ("Ben Nevis hikers from Norway", "Chad Johnson led the group up Nevis with Jordan."),
        ("Cyclone season", "A cyclone hit Mozambique; the Line of Control and Kashmir shawls were not mentioned."),
    ])
    func trapsAreNotCountryMentions(title: String, body: String) throws {
        #expect(try region(title, body) == nil)
    }

    /// No name variant is listed under two countries: the loader accepts it, but a mention counts
    /// only once, for the first country, so a shared name would silently favour one side.
    @Test func noNameIsListedUnderTwoCountries() throws {
        let text = try String(contentsOfFile: Self.regionsPath, encoding: .utf8)
        var owner: [String: String] = [:]
        var inCountries = false
        for line in text.split(separator: "\n") {
            if line.hasPrefix("countries:") { inCountries = true; continue }
            if line.hasPrefix("regions:") { break }
            guard inCountries, line.hasPrefix("  "), !line.hasPrefix("  #"),
                  let colon = line.firstIndex(of: ":"), let open = line.firstIndex(of: "["),
                  let close = line.lastIndex(of: "]") else { continue }
            let slug = line[line.index(line.startIndex, offsetBy: 2)..<colon]
            for name in line[line.index(after: open)..<close].split(separator: ",") {
                let key = name.trimmingCharacters(in: .whitespaces).lowercased()
                if let first = owner[key] {
                    #expect(first == String(slug), "'\(key)' is listed under \(first) and \(slug)")
                }
                owner[key] = String(slug)
            }
        }
        #expect(owner.count > 1000)
    }
}

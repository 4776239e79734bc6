/// Word lists and sentence templates for `CorpusGenerator`. Slots: `{P}` `{Q}` people, `{C}` `{D}`
/// countries, `{X}` `{Y}` cities, `{T}` `{U}` teams, `{O}` companies, `{G}` organisations, `{N}` small
/// numbers, `{M}` large numbers, `{R}` percentages, `{W}` weekdays, `{S}` a quoted remark. `'` and
/// `"` become typographic quotes in some items, and ` -- ` a dash of some kind.
enum Vocabulary {
    static let people = [
        "Maria Schmidt", "José Álvarez", "Chen Wei", "Amina Yusuf", "Bjørn Larsen", "Zoë Martin", "Łukasz Nowak",
        "Antonín Dvořák", "Renée Dubois", "Sofia Russo", "James O'Connor", "Priya Natarajan", "Kenji Watanabe",
        "Fatima Al-Sayed", "Olga Ivanova", "Thomas Müller", "Ana Beatriz Gonçalves", "Mehmet Öztürk", "Liam Byrne",
        "Hannah Kowalczyk", "Søren Kierkegaard Jensen", "Carlos Peña", "Aisha Bello", "Nguyễn Văn An", "Ingrid Bergström",
        "David Cohen", "Emma Thompson", "Rahul Mehta", "Sipho Dlamini", "Élodie Laurent", "Mateus Costa", "Yuki Tanaka",
    ]
    static let countries = [
        "France", "Germany", "Spain", "Italy", "Brazil", "Argentina", "Japan", "Canada", "Australia", "Mexico",
        "Nigeria", "Kenya", "Sweden", "Norway", "Poland", "Portugal", "India", "China", "Egypt", "Chile",
    ]
    static let cities = [
        "São Paulo", "Zürich", "Kraków", "Malmö", "Montréal", "Düsseldorf", "Reykjavík", "Bogotá", "Chicago",
        "Manchester", "Lyon", "Osaka", "Melbourne", "Nairobi", "Lagos", "Toronto", "Denver", "Seville", "Gdańsk",
        "Córdoba", "Aarhus", "Porto", "Glasgow", "Austin", "Leeds", "Turin", "Pune", "Curitiba",
    ]
    static let teams = [
        "United", "City", "Rovers", "the Eagles", "the Lions", "Real", "Atlético", "the Wanderers", "the Sharks",
        "the Falcons", "Olympique", "Sporting", "the Rangers", "the Hornets", "Borussia", "the Tigers",
    ]
    static let companies = [
        "Norvik Energy", "Halden Logistics", "Pelican Foods", "Axiom Semiconductors", "Brightwater Bank",
        "Castellan Motors", "Nordström & Kühn", "Lumen Pharma", "Orbital Telecom", "Greenfield Retail",
        "Société Générale des Eaux", "Kestrel Airlines", "Maple Insurance", "Tessera Software",
    ]
    static let organisations = [
        "the central bank", "the city council", "the health ministry", "the football association", "the union",
        "the regulator", "the university", "the weather service", "the transport authority", "the school board",
    ]
    static let weekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    static let remarks = [
        "We're pleased with the progress, but there's a lot of work still to do.",
        "It was a difficult decision, and we didn't take it lightly.",
        "Nobody expected it to happen this quickly.",
        "We'll look at the figures again next month and adjust if needed.",
        "This is a good day for the town and for everyone who worked on it.",
        "The numbers speak for themselves.",
        "We have to be realistic about what can be done this year.",
    ]

    /// Everyday news, by desk: titles and body sentences.
    static let desks: [(titles: [String], sentences: [String])] = [
        (   // sports
            ["{T} beat {U} {N}-1 to stay top of the table", "{P} signs three-year deal with {T}",
             "Late goal sends {T} into the cup final", "{C} name squad for the {X} tournament",
             "{P} wins the {X} marathon in record time", "Injury rules {P} out for the rest of the season"],
            ["{T} came from behind to beat {U} {N}-2 in front of {M} fans in {X} on {W}.",
             "{P} scored twice in the second half, the second a header from a corner.",
             "The coach said the players had shown character after a poor start to the season.",
             "Striker {P} has now scored {N} goals in his last five matches.",
             "The club confirmed that {P} would miss the next {N} weeks with a hamstring injury.",
             "{C} have won {N} of their last ten internationals, and the captain said the squad was confident.",
             "Tickets for the final in {X} sold out within an hour, the organisers said.",
             "The referee was criticised for a late penalty decision that changed the game.",
             "{P} finished the race in two hours and {N} minutes, ahead of {Q}.",
             "The home side dominated possession but struggled to create clear chances.",
             "'{S}' the manager told reporters after the match.",
             "The transfer fee was reported to be around {M} euros, a record for the club.",
             "Both teams will meet again in the return leg in {Y} next {W}.",
             "The league said it would review the incident and decide on sanctions for the club within a week.",
             "Fans lit flares at the end of the game, and the stadium was briefly evacuated after a small fire."]),
        (   // business
            ["{O} shares rise after strong quarterly results", "{O} to cut {M} jobs in restructuring",
             "Inflation in {C} eases to {R} per cent", "{O} agrees takeover of {G}",
             "Central bank holds interest rates at {R} per cent", "{O} opens new plant in {X}"],
            ["{O} reported a quarterly profit of {M} million, up {R} per cent from a year earlier.",
             "Shares in {O} rose {R} per cent in early trading in {X} on {W}.",
             "The chief executive, {P}, said demand had recovered faster than expected.",
             "Analysts had expected weaker figures because of higher energy and shipping costs.",
             "{O} said it would invest {M} million in a new factory near {X}, creating {N}00 jobs.",
             "Consumer prices in {C} rose {R} per cent in the year to October, the statistics office said.",
             "The central bank left its main rate unchanged and signalled that cuts could come next year.",
             "The union representing workers at the plant said it would ballot members on strike action.",
             "Retail sales fell for a second month as households cut spending on clothing and furniture.",
             "'{S}' {P} told investors on a conference call.",
             "The company's debt has risen to {M} million, and ratings agencies have warned of a downgrade.",
             "Oil prices slipped to {N}0 dollars a barrel as supplies from the North Sea increased.",
             "The deal, worth about {M} million, still needs approval from competition regulators in {C}.",
             "Exports to {D} grew strongly, helped by a weaker currency and new trade agreements.",
             "The company also announced a share buyback programme and raised its dividend."]),
        (   // weather and environment
            ["Heavy rain brings flooding to {X}", "Heatwave to continue through the weekend",
             "Storm warning issued for the coast of {C}", "Snow causes travel chaos in {X}",
             "Driest summer on record for {X}, forecasters say", "Wildfire forces road closures near {Y}"],
            ["Forecasters expect up to {N}0 millimetres of rain in parts of {X} by {W} evening.",
             "Temperatures are set to reach {N}4 degrees, well above the average for the time of year.",
             "Several roads were closed and residents of low-lying streets were evacuated as the river rose.",
             "The weather service issued an amber warning for wind, with gusts of up to {N}0 km/h.",
             "Trains between {X} and {Y} were cancelled after trees fell onto the line.",
             "Farmers said the dry spell had cut the harvest by as much as {R} per cent.",
             "Firefighters spent the night fighting the blaze, which started in dry scrubland.",
             "Schools in the area will stay closed until the clean-up is complete, {G} said.",
             "The storm is expected to weaken as it moves north on {W}.",
             "'{S}' said {P}, who runs a café on the seafront.",
             "Scientists say such extreme events are becoming more frequent as the climate warms.",
             "Power was cut to about {M} homes, and engineers worked through the night to restore supplies.",
             "Drivers were told to avoid the motorway -- which was closed in both directions -- until Monday.",
             "The airport in {Y} reported delays of several hours because of fog."]),
        (   // politics and government
            ["Parliament passes budget after long debate", "{P} elected mayor of {X}",
             "Government announces plan to build {M} new homes", "Opposition calls for inquiry into contract",
             "{C} and {D} sign trade agreement", "Minister resigns over expenses row"],
            ["The bill passed by {N}12 votes to {N}90 after a debate that lasted late into the night.",
             "{P}, who won {R} per cent of the vote, promised to focus on housing and transport.",
             "The opposition leader, {Q}, accused the government of breaking its promises on health spending.",
             "The prime minister's office said the plan would be paid for by closing tax loopholes.",
             "A spokesperson for {G} said the proposals would be published for consultation in the spring.",
             "Turnout was {R} per cent, the lowest in a local election for two decades.",
             "'{S}' {P} told reporters outside the parliament building.",
             "Ministers from {C} and {D} met in {X} to discuss trade, energy and student exchanges.",
             "The committee will question the minister next {W} about the awarding of the contract.",
             "Polls suggest the governing party has lost ground since the summer.",
             "The new law will take effect in January and applies to companies with more than {N}0 staff.",
             "Critics say the reform does not go far enough; supporters say it is a first step.",
             "The president is due to visit {D} next month for talks on climate and investment.",
             "The coalition agreed to raise the minimum wage by {R} per cent over two years."]),
        (   // technology and science
            ["{O} unveils new phone with longer battery life", "Researchers in {X} develop faster battery charging",
             "Space agency launches weather satellite", "Data breach at {O} affects {M} customers",
             "New study links sleep to memory", "{O} fined over privacy failings"],
            ["The new model has a larger screen and a battery that lasts about {N}0 hours, {O} said.",
             "Researchers at the university in {X} said the technique could halve charging times.",
             "The satellite was launched on {W} and will send back data on clouds and sea temperatures.",
             "{O} said attackers had gained access to names and email addresses, but not passwords.",
             "The study followed {M} adults over {N} years and was published in a medical journal.",
             "The regulator said {O} had failed to tell users how their data was being shared.",
             "'{S}' said {P}, who led the research team.",
             "The software update, released on {W}, fixes a flaw that could let apps read messages.",
             "Engineers tested the rocket engine for {N}0 seconds at a site near {Y}.",
             "The drone delivery trial will run in two towns for six months before a decision is made.",
             "Experts warned that the results still need to be confirmed in larger trials.",
             "The company plans to launch the service in {C} and {D} next year."]),
        (   // culture and lifestyle
            ["Festival in {X} draws record crowds", "{P}'s new novel tops the charts",
             "Museum reopens after two-year renovation", "Film about {Y} wins top prize",
             "Restaurant in {X} earns its first star", "Orchestra announces new season"],
            ["More than {M} people attended the festival over the weekend, the organisers said.",
             "{P}'s latest book follows three generations of a family in {X}.",
             "The museum's new wing houses {N}00 works, many of them never shown before.",
             "The film, shot in {Y} over two summers, won the jury prize on {W}.",
             "'{S}' {P} said as she collected the award.",
             "Tickets for the concert series go on sale on {W} and start at {N}5 euros.",
             "The restaurant serves seasonal dishes from the region, with a tasting menu of {N} courses.",
             "Critics praised the production's staging but said the second act dragged.",
             "The exhibition includes a light show with hundreds of drones over the river each evening.",
             "The theatre was built in the 1890s and has been closed since a fire in 2019."]),
        (   // health, crime and local
            ["Hospital waiting lists fall for third month", "Police appeal for witnesses after robbery in {X}",
             "New cycle lanes open in {X}", "Council approves plan for new school", "Man charged after crash on the ring road"],
            ["Waiting lists at hospitals in {X} fell by {R} per cent compared with last year, {G} said.",
             "Police said a man in his thirties had been arrested and was being questioned.",
             "Officers are appealing for anyone with dashcam footage to come forward.",
             "The new cycle lanes run for {N} kilometres along the main road into {X}.",
             "'{S}' said {P}, a local resident.",
             "The school, which will have places for {N}00 pupils, is due to open in September.",
             "The council said the work would cost {M} thousand euros and take about six weeks.",
             "Paramedics treated two people at the scene, and one was taken to hospital.",
             "Doctors urged older people to get a flu vaccine before the winter.",
             "The trial heard that the defendant had been driving at twice the speed limit."]),
    ]
    /// Shares of the everyday desks (same order as `desks`).
    static let deskWeights = [22, 20, 11, 17, 10, 8, 7]

    /// Conflict-escalation news between two countries `{C}` and `{D}` (capitals `{X}`, `{Y}`).
    static let conflictPairs = [
        ("India", "Pakistan", "New Delhi", "Islamabad"), ("Russia", "Ukraine", "Moscow", "Kyiv"),
        ("China", "Taiwan", "Beijing", "Taipei"), ("Israel", "Iran", "Jerusalem", "Tehran"),
        ("Armenia", "Azerbaijan", "Yerevan", "Baku"), ("Serbia", "Kosovo", "Belgrade", "Pristina"),
        ("North Korea", "South Korea", "Pyongyang", "Seoul"), ("Ethiopia", "Eritrea", "Addis Ababa", "Asmara"),
    ]
    static let conflictTitles = [
        "{C} deploys troops to the border as tensions with {D} rise", "Shelling reported along {C}-{D} frontier",
        "{D} recalls ambassador from {C}", "UN Security Council to meet on {C}-{D} crisis",
        "{C} says it shot down drones over {X}", "Talks between {C} and {D} collapse",
        "{C} and {D} agree to a ceasefire after days of fighting", "Explosions heard in {Y} overnight",
    ]
    static let conflictSentences = [
        "{C} deployed thousands of additional troops to the border with {D} on {W}, officials in {X} said.",
        "Artillery shelling was reported along the line of contact overnight, and several villages lost power.",
        "Fighter jets flew sorties near the frontier, according to the defence ministry in {Y}.",
        "{D} recalled its ambassador from {X} and expelled several diplomats in response.",
        "The UN Security Council will hold an emergency meeting on the crisis on {W}, diplomats said.",
        "Residents said they heard explosions through the night as drones struck near {Y}.",
        "Airstrikes hit targets inside {D}, the military said, and {C} vowed to respond.",
        "Foreign governments urged their citizens to leave {D} immediately and suspended flights.",
        "The army said it had intercepted a ballistic missile fired towards {X}.",
        "{C}'s navy moved warships into disputed waters, according to satellite imagery.",
        "Both sides exchanged fire across the border for several hours, and at least {N} soldiers were killed.",
        "The government closed its airspace to civilian flights and told residents to take shelter.",
        "Officials in {X} said talks had been suspended and that sanctions against {D} were being prepared.",
        "'{S}' a spokesperson for the foreign ministry in {X} said.",
        "Secretary-General Guterres urged both sides to exercise maximum restraint.",
        "The two sides agreed to a ceasefire late on {W}, and the guns fell silent along most of the front.",
        "Thousands of people fled the border villages -- many on foot -- as the fighting spread.",
        "Analysts said neither side wanted a wider war, but warned that a miscalculation could spark one.",
        "Markets in the region fell sharply on the news, and the currency weakened against the dollar.",
        "The dispute has deep historical roots, and previous rounds of talks have broken down.",
    ]
    static let conflictRemarks = [
        "We will defend every inch of our territory.", "Our patience is not unlimited.",
        "We call on the international community to act before it is too late.",
        "Any further provocation will be met with a decisive response.",
    ]
}

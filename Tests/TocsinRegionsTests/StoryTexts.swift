// Realistic copy for the dedup tests: one wire story as three outlets ran it, and unrelated
// stories on the same region (including a different shelling incident, the hardest case).

/// The wire original.
let wireTitle = "Pakistan says Indian shelling across Kashmir frontier kills four civilians"
let wireBody = """
    ISLAMABAD, May 7 (Global Wire) - Pakistan's military said on Wednesday that Indian troops fired \
    artillery shells across the Line of Control in Kashmir overnight, killing four civilians and \
    wounding 11 others in the Neelum valley.

    The military's media wing said Pakistani forces responded "effectively" and destroyed several \
    Indian posts. India's army did not immediately respond to a request for comment.

    The exchange of fire is the heaviest along the de facto border since a ceasefire agreed in \
    February 2021, and comes two weeks after a militant attack in Indian-administered Kashmir \
    killed 26 people, most of them tourists.

    Residents of villages near the frontier said they spent the night in bunkers as shells landed \
    near their homes. "We could hear the explosions until dawn," said Mohammad Rafiq, a shopkeeper \
    in Athmuqam.

    Pakistan's foreign ministry summoned India's charge d'affaires in Islamabad to lodge a protest, \
    the ministry said in a statement.
    """

/// A newspaper's edit: new headline, no dateline, curly quotes, the last paragraph cut, a credit line.
let paperTitle = "Four civilians killed as India, Pakistan trade fire along LoC"
let paperBody = """
    Pakistan’s military said on Wednesday that Indian troops fired artillery shells across the \
    Line of Control in Kashmir overnight, killing four civilians and wounding 11 others in the \
    Neelum valley.

    The military’s media wing said Pakistani forces responded “effectively” and destroyed several \
    Indian posts. India’s army did not immediately respond to a request for comment.

    The exchange of fire is the heaviest along the de facto border since a ceasefire agreed in \
    February 2021, and comes two weeks after a militant attack in Indian-administered Kashmir \
    killed 26 people, most of them tourists.

    Residents of villages near the frontier said they spent the night in bunkers as shells landed \
    near their homes. “We could hear the explosions until dawn,” said Mohammad Rafiq, a shopkeeper \
    in Athmuqam.

    (With inputs from agencies)
    """

/// A portal's rewrite of the lede and headline, with the rest of the wire copy kept.
let portalTitle = "Indian artillery fire kills 4 civilians in Pakistan-administered Kashmir, army says"
let portalBody = """
    Four civilians were killed and 11 wounded overnight when Indian troops fired artillery shells \
    across the Line of Control in Kashmir, Pakistan's military said on Wednesday.

    The military's media wing said Pakistani forces responded "effectively" and destroyed several \
    Indian posts. India's army did not immediately respond to a request for comment.

    The exchange of fire is the heaviest along the de facto border since a ceasefire agreed in \
    February 2021, and comes two weeks after a militant attack in Indian-administered Kashmir \
    killed 26 people, most of them tourists.

    Residents of villages near the frontier said they spent the night in bunkers as shells landed \
    near their homes. "We could hear the explosions until dawn," said Mohammad Rafiq, a shopkeeper \
    in Athmuqam.

    Pakistan's foreign ministry summoned India's charge d'affaires in Islamabad to lodge a \
    protest, the ministry said in a statement.
    """

/// Another shelling incident on the same frontier: same words, different event.
let otherShellingTitle = "Indian army says Pakistani troops violated ceasefire in Poonch, one soldier killed"
let otherShellingBody = """
    JAMMU, May 9 (Global Wire) - India's army said on Friday that Pakistani troops opened fire with \
    small arms and mortars on Indian posts in the Poonch sector of the Line of Control, killing one \
    Indian soldier.

    Indian forces retaliated, an army spokesman in Jammu said, adding that the firing continued for \
    about three hours before dying down. Pakistan's military did not comment.

    Schools in villages along the frontier in Poonch and Rajouri districts were closed as a \
    precaution, a district official said.
    """

/// A missile test: same region, different category of event.
let missileTitle = "India test-fires nuclear-capable Agni missile amid tensions with Pakistan"
let missileBody = """
    NEW DELHI, May 8 (Global Wire) - India successfully test-fired a nuclear-capable Agni ballistic \
    missile from an island off the coast of Odisha on Thursday, the defence ministry said, as \
    tensions with Pakistan ran high after a deadly attack in Kashmir.

    The missile, which has a range of more than 2,000 km, hit its target with a high degree of \
    accuracy, the ministry said in a statement. Analysts said the timing was meant as a signal to \
    Islamabad.
    """

/// An airspace closure: same region, diplomatic rupture.
let airspaceTitle = "Pakistan shuts airspace to Indian airlines, suspends trade"
let airspaceBody = """
    ISLAMABAD, May 8 (Global Wire) - Pakistan closed its airspace to all Indian-owned and \
    Indian-operated airlines on Thursday and suspended all trade with India, including through \
    third countries, the prime minister's office said after a meeting of the National Security \
    Committee.

    India's civil aviation ministry said flights to Europe and the Middle East would be rerouted, \
    adding up to two hours to some journeys.
    """

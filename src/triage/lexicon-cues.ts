/**
 * Hand-written customer-care phrase cues (English). Each cue is a regular expression over the
 * lower-cased message plus a weight on the lexicon's -4..+4 valence scale.
 *
 * Provenance: written by the Townhall maintainers from general customer-service knowledge (typical
 * service failures of airlines, shops, telcos, SaaS: waiting, cancellations, lost items, refunds,
 * being on hold, sarcastic thanks). NOT derived from any dataset; see src/triage/README.md.
 */

/** A phrase cue: when `re` matches, `weight` is added to the raw valence sum and `tag` is recorded. */
export interface Cue {
  tag: string
  re: RegExp
  weight: number
  /**
   * Only counts when the message has negative evidence elsewhere (a negative word or a complaint
   * cue): "love how you lost my bag" is sarcasm, "love how you listen to customers ❤️" is praise.
   */
  needsNegative?: boolean
  /** Only counts in a message addressed to someone (an @handle): customer care, not a diary. */
  needsAddress?: boolean
}

const W = String.raw`[\w']+`

/** Service failures: the vocabulary of complaints, which generic lexicons mostly miss. */
export const COMPLAINT_CUES: readonly Cue[] = [
  {
    tag: 'failure',
    re: /\bmy (flight|order|bag|bags|luggage|package|parcel|account|card|seat|booking|reservation|delivery|subscription|payment|refund)s? (was|were|got|is|has been|have been|keeps? getting) (\w+ )?(cancel+ed|canceled|delayed|lost|damaged|stolen|hacked|locked|suspended|overbooked|downgraded|declined|rejected|charged|moved|changed|missing|broken|late)\b/,
    weight: -2.5,
  },
  {
    tag: 'failure',
    re: /\b(you|u|y'all|you guys) (lost|cancel+ed|canceled|delayed|broke|damaged|overcharged|double charged|charged me|ruined|forgot|ignored|bumped|stranded)\b/,
    weight: -2.5,
  },
  {
    tag: 'failure',
    re: /\b(sitting|stuck|waiting|stranded) (on|at|in) (the |a )?(plane|tarmac|runway|gate|airport|terminal|line|queue|lobby|car|phone)\b|\b(missed|lost|ruined) (my |our )?(vacation|trip|holiday|weekend|wedding|meeting|day|night|interview|event|appointment)\b/,
    weight: -2.5,
  },
  {
    tag: 'nohelp',
    re: /\b(never|not|haven't|hasn't|didn't|still not|yet to) (received|receive|got|gotten|heard back|heard from|been contacted|been refunded)\b|\btrying to (reach|call|contact|get through|get hold|change|rebook|cancel|get a refund)\b[^.!?]*\b(for|since|all)\b/,
    weight: -2,
  },
  {
    tag: 'frustration',
    re: /^\W*(@\w+\s*)*(seriously|really|come on)\s*[?!]+\W*$|\bare you (kidding|serious|joking)( me)?\b|\bhow (is|are) (this|that|it|you) (acceptable|ok|okay|possible|legal|allowed|fair)\b|\bwhat (a|the) (joke|mess|nightmare|hell|heck|farce)\b|\b(explain|tell me) why\b/,
    weight: -2,
  },
  {
    tag: 'waiting',
    // @NOTE "Finally! Been waiting for this." is anticipation, not a complaint: waiting "for this"
    // with nothing after it (bar punctuation or emoji) is excluded.
    re: /\b(still|been|keep|kept) (waiting|waited|on hold|sitting|stuck|no)\b(?! (for|on) (this|it|that)( (one|day|moment|feature|update|release))?[\s!.\p{P}\p{S}]*$)/u,
    weight: -2.5,
  },
  { tag: 'waiting', re: /\b(on|placed on|put on) hold\b|\bhold (time|music|for)\b/, weight: -2 },
  {
    // A bare duration in a message to a brand ("@acme 3 hours and nothing") is a waiting complaint.
    tag: 'waiting',
    re: /\b(\d+|an?|two|three|four|five|six|several|many|multiple) (more )?(hours?|hrs?|mins?|minutes|days|weeks)\b/,
    weight: -1.5,
    needsAddress: true,
  },
  {
    tag: 'waiting',
    // @NOTE A duration alone is no complaint ("3 days till Christmas!"): it needs a waiting context
    // before ("for", "over", "waited", "after", "took") or after ("late", "on hold", "ago", "and
    // counting"). The lookbehind keeps the cue's text to the duration itself ("waiting: 3 hours").
    re: /(?<=\b(for|over|after|nearly|almost|than|another|wasted|lost|took|taking|waited|waiting|been|kept|keep) (\w+ )?)(\d+|an?|two|three|four|five|six|several|many|multiple) (more )?(hours?|hrs?|mins?|minutes|days|weeks|times)\b|\b(\d+|an?|two|three|four|five|six|several|many|multiple) (more )?(hours?|hrs?|mins?|minutes|days|weeks|times) (late|later|delay|delayed|behind|overdue|and counting|on hold|of waiting|waiting|ago|now|in a row)\b/,
    weight: -1.5,
  },
  {
    tag: 'waiting',
    re: /\b(hours?|forever|ages) (later|now|on hold|wait|delay|late)\b|\btaking forever\b/,
    weight: -2,
  },
  { tag: 'cancel', re: /\bcancel+(ed|ation|ations|ing)?\b|\bcancelled flightled\b/, weight: -1.5 },
  {
    tag: 'delay',
    re: /\bdelay(ed|s)?\b|\blate (flight|arrival|departure|again)\b|\brunning late\b/,
    weight: -1.5,
  },
  {
    tag: 'lost',
    re: /\b(lost|lose|misplaced|missing|damaged|broken|destroyed|stolen) (my |our |the |a )?(bag|bags|luggage|baggage|suitcase|package|parcel|order|item|stroller|car ?seat)\b/,
    weight: -3,
  },
  {
    tag: 'lost',
    re: /\b(bag|bags|luggage|baggage|package|parcel|order|delivery) (is |was |has been )?(still )?(lost|missing|never|not|somewhere|nowhere|stuck)\b|\bnothing (arrived|came|showed up)\b|\bsupposed to (arrive|be here|come)\b/,
    weight: -3,
  },
  {
    tag: 'missed',
    re: /\bmiss(ed|ing) (my |our |the )?(connection|connecting|flight|flights|meeting|appointment|delivery)\b/,
    weight: -2.5,
  },
  {
    tag: 'stranded',
    re: /\b(stranded|stuck) (in|at|on)\b|\bsleep(ing)? (in|at) the (airport|terminal)\b/,
    weight: -2.5,
  },
  {
    tag: 'nohelp',
    re: /\bno (one|body|help|response|reply|answer|info|information|update|updates|explanation|compensation|communication|customer service)\b/,
    weight: -2,
  },
  {
    tag: 'nohelp',
    re: /\b(can't|cannot|cant|couldn't|unable to) (get|reach|find|talk|speak|call|get through|check in|rebook|change|log ?in|book|even)\b/,
    weight: -2,
  },
  {
    tag: 'nohelp',
    re: /\b(won't|wont|didn't|didnt|doesn't|don't|does not|did not|do not|will not|never) (let|help|answer|respond|reply|call|refund|work|arrive|show|give|get|fix|tell|solve)\b/,
    weight: -2,
  },
  {
    tag: 'nohelp',
    re: /\b(is|are) (any|some)(one|body) (reading|there|listening|home|working)\b|\bhello\?\?|\b(hung up|hang up|disconnected|keeps? (dropping|hanging|crashing)|busy signal|phone lines?|call ?back)\b/,
    weight: -2,
  },
  {
    tag: 'nohelp',
    re: /\b(customer (service|care|support)|cust svc|agents?|reps?|representatives?|staff|crew|gate agents?) (is|are|was|were) (rude|useless|terrible|awful|horrible|unhelpful|clueless)\b/,
    weight: -2,
  },
  {
    tag: 'money',
    re: /\b(refund|reimburse(ment)?|compensat(e|ion)|voucher|my money|(charged|billed) (me )?twice|double (charged|billed)|still bill|overcharged|hidden fees?|change fee|bag fee)\b/,
    weight: -1.5,
  },
  {
    tag: 'broken',
    re: /\b(is|are) (\w+ ){0,2}down\b|\bdown for (everyone|anyone|hours|days)\b|\b(doesn't|does not|didn't|did not|isn't|is not|not) work(ing|s)?\b|\b(website|site|app|wifi|wi-fi|system|link|entertainment|tv|outlet) (is |was )?(down|broken|crash(ed|ing)?|not working|won't|isn't|doesn't)\b/,
    weight: -2,
  },
  {
    tag: 'broken',
    re: /\b(errors?|glitch(es)?|bugs?|buggy|crash(es|ed)?|outage|oversold|overbooked|bumped|downgraded|diverted)\b/,
    weight: -1.5,
  },
  {
    tag: 'ruined',
    re: /\b(returned (it|them|mine|the \w+)|sent (it|them) back|(stopped|quit) working|fell apart|broke (after|within|in)|ruined|ruin|wasted|waste of|never again|never (fly|flying|use|using|buy|buying|order|ordering) (with |from )?(you|again)|last time i)\b/,
    weight: -3,
  },
  {
    tag: 'ruined',
    re: /\b(switch(ing)? to|going with|moving to|back to) (another|a different|your competitor|other)\b/,
    weight: -2,
  },
  {
    tag: 'escalate',
    re: /\b(unacceptable|not acceptable|ridiculous|disgrace(ful)?|pathetic|worst|joke|fail|epic ?fail|\w+fail|so much for|never ?again|do better|fix (this|it)|sort (this|it) out)\b/,
    weight: -1.5,
  },
  {
    tag: 'where',
    re: new RegExp(
      String.raw`\bwhere (is|are|'s) (my|our|the)\b|\bwhat (is|'s) going on\b|\bwhy (is|are|does|do|did|would|can't|won't|isn't|hasn't|haven't|wasn't) ${W}`,
    ),
    weight: -1.5,
  },
  {
    tag: 'nohelp',
    re: /\b(any|no) (update|updates|news|answer|response)\b|\bstill (no|nothing|not|haven't|hasn't|don't|doesn't|can't|waiting)\b/,
    weight: -2,
  },
  {
    tag: 'nohelp',
    re: /\b(dm'?d|dmed|emailed|called|tweeted|messaged|contacted) (you|u)?\s*(\d+|multiple|several|many|twice|three|3) times\b/,
    weight: -2,
  },
  {
    tag: 'service',
    re: /\b(worst|terrible|horrible|awful|poor|bad|lousy|no) (customer )?(service|experience|airline|company|communication|support)\b/,
    weight: -2.5,
  },
  {
    tag: 'service',
    re: /\b(not|never) (happy|impressed|good|great|acceptable|ok|okay|helpful|satisfied|pleased|cool|fun)\b/,
    weight: -2,
  },
  // Last: it needs the negative evidence of the cues above.
  {
    tag: 'frustration',
    re: /\b(seriously|really|come on)\s*[?!]/,
    weight: -1.5,
    needsNegative: true,
  },
]

/**
 * Sarcasm: positive words used for complaints. These override the positive words they contain
 * (the scorer zeroes positive valence inside a sarcasm match).
 */
export const SARCASM_CUES: readonly Cue[] = [
  {
    tag: 'sarcasm',
    re: /\bthanks? (you )?(for|4) (nothing|noth+ing|nada|the (delay|wait|runaround|lack|hassle|headache|non-?answer))\b/,
    weight: -4,
  },
  { tag: 'sarcasm', re: /\bthanks? (a lot|so much|again)?\s?(for )?(nothing|not|never)\b/, weight: -3 },
  {
    tag: 'sarcasm',
    re: /\b(great|good|awesome|lovely|nice|wonderful|perfect|fantastic|brilliant|cool)[,!.]+ (another|more|yet another)\b/,
    weight: -3,
  },
  {
    tag: 'sarcasm',
    re: /\b(great|awesome|love|lovely|nice|wonderful|perfect|fantastic|brilliant|cool|gotta love|got to love|way to go)[,!.]* (another|more|yet another|when|how|that|the (way|fact)|being|waiting|sitting|paying)\b/,
    weight: -2.5,
    needsNegative: true,
  },
  {
    tag: 'sarcasm',
    re: /[.!?]\s+(great|perfect|wonderful|lovely|fantastic|awesome|nice|sure|brilliant|cool|thanks|wow)[.!]*\s*$/,
    weight: -2.5,
    needsNegative: true,
  },
  {
    tag: 'sarcasm',
    re: /^\W*(oh|ah|wow|just) (good|great|joy|wonderful|lovely|perfect|nice|brilliant|fantastic)\b|\b(very|how|so) (reassuring|helpful|useful) ?(\.|!|$)|"(we are|we're|we have|we've|we'll|we will|our team is|it's|it is|we are currently) [^"]{3,60}"|\bfive stars? for\b[^.!?]*\bfor (creativity|finding|breaking)\b|\bsaid no one ever\b/,
    weight: -3,
  },
  {
    tag: 'sarcasm',
    re: /\b(so much for|thanks to you|good job|nice job|well done|way to go)\b[^.!?]*\b(delay|cancel|lost|late|wait|stuck|hours|miss|nothing|never|not)/,
    weight: -3,
  },
  // Eye-roll and sarcasm markers turn any praise in the message into its opposite.
  { tag: 'sarcasm', re: /🙄|😒|(^|\s)\/s\b|#sarcasm\b|\bsmh\b/u, weight: -3 },
  {
    tag: 'sarcasm',
    re: /\b(yeah right|sure you (are|do|will)|as usual|once again|yet again|every single time|of course (it|my|the|you))\b/,
    weight: -2,
  },
  {
    tag: 'sarcasm',
    re: /\bthanks? for (making|ruining|leaving|losing|ignoring|wasting|cancel+ing|delaying|charging|stranding|keeping me)\b/,
    weight: -4,
  },
]

/** Praise and resolution phrases. */
export const PRAISE_CUES: readonly Cue[] = [
  {
    tag: 'thanks',
    re: /\b(thank you|thanks|thx|ty|kudos|shout ?out|props|hats off)( so much| very much| again| guys| all)?( for| to)? (the |a |your |my )?(help|great|quick|fast|amazing|awesome|excellent|wonderful|best|prompt|response|reply|support|service|flight|ride|crew|assistance|upgrade|care|hospitality|making|getting|taking|being|following up|update|info|information|reaching out)\b/,
    weight: 2,
  },
  {
    tag: 'thanks',
    re: /^\W*(@\w+\s*)*(thank you|thanks|thx|ty)\W*(@\w+\s*)*\W*$|\bthanks!+|\bthank you!+/,
    weight: 1.5,
  },
  {
    tag: 'praise',
    re: /\b(love|loved|loving) (you|u|flying|this|the|my|your|it|how|that)\b|\b(you|u|y'all|you guys) (rock|rule|are (the best|awesome|amazing|great))\b|\bactually (listen|listens|listened|care|cares|helped|help|works|fixed|answered|replied)\b|\bkeeps? getting better\b|\bbig deal for\b|\b(works?|worked) (great|perfectly|fine|well|as (described|advertised|expected)|like a charm)\b|\bdoes (the job|what it says)\b/,
    weight: 2,
  },
  {
    tag: 'praise',
    re: /\b(great|awesome|amazing|excellent|wonderful|fantastic|outstanding|smooth|best|friendly|pleasant) (job|work|flight|service|experience|crew|staff|team|customer service|support|ride|trip|landing|time|seats?)\b/,
    weight: 2,
  },
  {
    tag: 'praise',
    re: /^\W*(finally|yay|woo+ho+|hooray|at last)\b ?!|\b(five|5) stars?\b|\b10\/10\b|\bwould (definitely |totally )?(buy|recommend|order|come|fly|stay|use) (again|it)\b|\b(made my day|above and beyond|keep up the good work|(can't|cannot|cant) wait( to| for| till|!|$)|see you soon|worth it|highly recommend|on time|ahead of schedule|early arrival|arrived early)\b/,
    weight: 2,
  },
  {
    tag: 'resolved',
    re: /\b(problem|issue|it|all) (is |was |has been |got )?(solved|resolved|fixed|sorted|taken care of)\b|\b(all set|got it sorted|that worked|that helps|much appreciated|appreciate (it|you|the|your))\b/,
    weight: 2,
  },
]

/** Questions without a question mark. */
export const QUESTION_RE =
  /(^|[.!]\s+|^(@\w+\s+)+)(how|what|when|where|why|who|which|is|are|can|could|will|do|does|did|any|has|have|should|may)\b(?!')[^.!]*$|\b(any (idea|update|word|news|info)|anyone know|wondering if|is there (a|any) (way|chance))\b/

/** Explicit requests for an action from the brand. */
export const REQUEST_RE =
  /\b(would love (to see|it if|if)|would be (great|nice|awesome|cool) if|feature request|please add|let (me|us) (schedule|choose|pick|export|change|set|turn|use)|wish (you|there|it)|please|pls|plz|kindly|can you|could you|would you|can u|could u|need (you )?to|need help|help me|dm me|follow back|contact me|call me|get back to me|i('d| would) like to|i want to|i need|looking for|how (do|can) i|let me know|send me|reschedule|rebook me|change my|cancel my|refund my)\b/

/** Spam / link-bait and promotions aimed at the brand's audience rather than the brand. */
export const SPAM_RE =
  /\b(free (followers|likes|iphone|gift ?card|money|crypto|bitcoin|tickets?|trip|vacation)|click (here|the link|this link|below)|check out my|follow me|follow back|dm for (promo|collab|promotion)|promo code|earn \$?\d+|make money|work from home|crypto|bitcoin|nft|giveaway|airdrop|onlyfans|casino|betting|forex|limited (time )?offer|act now|100% (free|guaranteed)|you('ve| have) (just )?won|claim (your|now)|buy (followers|likes)|made \$?[\d,]+k? (last|this|in a|per|a)|dm me for (the|my) secret|boost your (followers|likes|sales|account)|check (out )?my (profile|page|bio|channel))\b/

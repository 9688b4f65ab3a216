/**
 * The words the keyless extractor knows, in the languages it claims to read: English, Spanish
 * and German. Two lists with opposite jobs:
 *
 * - hazards: words that can carry a change, a refusal or a doubt. A sentence holding one is
 *   accounted for only when a reader turned that same sentence into a fact of the same kind
 *   (a price hazard by a price it read, a delay by a date it read, …); otherwise the extractor
 *   is unsure.
 * - the neutral vocabulary: words of plain confirmation and courtesy. A sentence with no fact
 *   in it is accounted for only when every word is neutral, belongs to the order (SKUs,
 *   descriptions, names) or is a number the order explains. Any other word — another language,
 *   an idiom it has never seen — leaves the sentence unclassified, and the extractor unsure.
 *
 * The lists are general vocabulary, never phrases lifted from one email.
 */

export const LANGUAGES = ["en", "es", "de"] as const;

export type HazardKind =
  | "negation"
  | "regret"
  | "price"
  | "delta"
  | "money_word"
  | "number_word"
  | "quantity"
  | "delay"
  | "backorder"
  | "substitution"
  | "hedge"
  | "deferral"
  | "bank"
  | "cancel"
  | "date_word";

const w = (alternatives: string) =>
  new RegExp(`(?<![\\p{L}\\d])(?:${alternatives})(?![\\p{L}])`, "giu");

/** Each hazard kind, with its words in every claimed language. */
export const HAZARDS: Record<HazardKind, RegExp> = {
  /** A month or season with no day: explained only by a date read in the same sentence. */
  date_word: w(
    "january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec|christmas|holidays?|season|spring|summer|autumn|fall|winter|quarter|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre|januar|februar|märz|mai|juni|juli|oktober|dezember|weihnachten",
  ),
  negation: w(
    [
      // en
      "can[’']?t|cannot|can not|unable|won[’']?t|will not|wouldn[’']?t|not able|no longer|not|no|never|nothing|none|neither|nor|without",
      "isn[’']?t|aren[’']?t|wasn[’']?t|weren[’']?t|don[’']?t|doesn[’']?t|didn[’']?t|haven[’']?t|hasn[’']?t|couldn[’']?t|shouldn[’']?t|mustn[’']?t|impossible|refus\\p{L}*|declin\\p{L}*|reject\\p{L}*",
      // es
      "nunca|ya no|imposible|rechaz\\p{L}*|sin|tampoco|ningun\\p{L}*|nada",
      // de
      "nicht|kein\\p{L}*|nein|unmöglich|ablehn\\p{L}*|nie|niemals|ohne",
    ].join("|"),
  ),
  regret: w(
    "unfortunate(?:ly)?|afraid|sorry|bad news|apolog\\p{L}*|regret\\p{L}*|lamentablemente|desafortunadamente|lo sentimos|lo siento|disculp\\p{L}*|leider|bedauer\\p{L}*|entschuldig\\p{L}*",
  ),
  price: w(
    "pric\\p{L}*|cost\\p{L}*|charg\\p{L}*|fee|fees|rate|rates|tariff\\p{L}*|expensive|cheap\\p{L}*|invoice at|precio\\p{L}*|coste\\p{L}*|costo\\p{L}*|cargo\\p{L}*|tarifa\\p{L}*|preis\\p{L}*|kosten|gebühr\\p{L}*|teuer\\p{L}*|günstig\\p{L}*",
  ),
  delta: w(
    [
      "more|extra|add|adds|added|adding|additional(?:ly)?|surcharg\\p{L}*|increas\\p{L}*|rais\\p{L}*|rise|rises|rising|rose|risen|up|higher|plus|premium|hike\\p{L}*|adjust\\p{L}*|upcharge|top-up|on top|inflation|markup|mark-up|difference|delta",
      "más|adicional\\p{L}*|recargo\\p{L}*|aument\\p{L}*|subid\\p{L}*|sube\\p{L}*|subir|suba",
      "mehr|zusätzlich\\p{L}*|aufschlag\\p{L}*|erhöh\\p{L}*|steig\\p{L}*",
    ].join("|"),
  ),
  money_word: w(
    "cents?|bucks?|dollars?|euros?|pounds?|quid|pence|yen|usd|eur|gbp|jpy|cad|aud|chf|cny|rmb|inr|mxn|céntimos?|centavos?|dólar\\p{L}*|libras?|cent|franken",
  ),
  number_word: w(
    [
      "two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|half|dozen|quarter|double|twice|triple|couple|few|several|dime|nickel|penny|pennies",
      "dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|veinte|treinta|cuarenta|cincuenta|cien|ciento|mil|mitad|doble|docena",
      "zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|zwanzig|dreißig|fünfzig|hundert|tausend|hälfte|doppelt|dutzend",
    ].join("|"),
  ),
  quantity: w(
    "only|short\\p{L}*|partial\\p{L}*|fewer|less|reduc\\p{L}*|lower|minimum|moq|remaining|rest|balance|split|limit\\p{L}*|max\\p{L}*|sólo|solo|parcial\\p{L}*|faltan?|menos|resto|mínimo|nur|teilweise|weniger|teillieferung|restlich\\p{L}*|mindest\\p{L}*",
  ),
  delay: w(
    "delay\\p{L}*|late|later|latest|postpon\\p{L}*|push\\p{L}*|slip\\p{L}*|behind|reschedul\\p{L}*|wait\\p{L}*|until|till|earliest|moved?|instead|tight|overdue|retras\\p{L}*|demor\\p{L}*|después|tarde|hasta|später|spätestens|verzöger\\p{L}*|verschieb\\p{L}*|verspät\\p{L}*|frühestens",
  ),
  backorder: w(
    "back ?-?order\\p{L}*|out of stock|oos|sold out|stock-?out|unavailable|shortage|agotad\\p{L}*|sin stock|ausverkauft|rückstand\\p{L}*|nachliefer\\p{L}*",
  ),
  substitution: w(
    "substitut\\p{L}*|sub|alternativ\\p{L}*|replac\\p{L}*|in place of|equivalent|similar|closest|swap\\p{L}*|discontinu\\p{L}*|successor|version|model|variant|sustitu\\p{L}*|reemplaz\\p{L}*|ersatz|ersetz\\p{L}*|stattdessen|nachfolge\\p{L}*",
  ),
  hedge: w(
    "subject to|may|might|could|maybe|perhaps|probabl\\p{L}*|possibl\\p{L}*|hopeful\\p{L}*|tentativ\\p{L}*|depend\\p{L}*|unless|assuming|provided|not sure|estimat\\p{L}*|approx\\p{L}*|around|roughly|about|tbc|tbd|-ish|expect\\p{L}*|quizás?|tal vez|aproximad\\p{L}*|si|vielleicht|voraussichtlich|circa|ca\\.|eventuell|falls|ungefähr",
  ),
  deferral: w(
    "get back|come back|revert\\p{L}*|will confirm|let you know|to be confirmed|pending|once|as soon as|when|after|soon|le confirmaremos|pendiente|cuando|melden|sobald|nachdem",
  ),
  bank: w(
    "bank\\p{L}*|iban|swift|bic|account|routing|remit\\p{L}*|beneficiar\\p{L}*|payee|wire|transfer|paypal|zelle|wise|konto|cuenta|banco|transferencia|überweis\\p{L}*",
  ),
  cancel: w(
    "stop\\p{L}*|discontinu\\p{L}*|cancel\\p{L}*|withdraw\\p{L}*|terminat\\p{L}*|anul\\p{L}*|cancela\\p{L}*|storn\\p{L}*|widerruf\\p{L}*",
  ),
};

/**
 * Courtesy idioms that contain a hazard word but carry no term. They are removed before the
 * hazards are looked for; each is a fixed expression of the language, not of one sender.
 */
export const IDIOMS: RegExp = new RegExp(
  [
    "no problem(?:s)?",
    "no changes?",
    "at no (?:extra|additional) (?:charge|cost|freight|shipping)",
    "free of charge",
    "nothing changes",
    "(?:heads|pick|follow|set|sign|catch|hop|back) up",
    "up to date",
    "sin cambios?",
    "keine Änderung(?:en)?",
    "not a problem",
    "no worries",
    "no issues?",
    "(?:please )?(?:do not|don[’']?t) hesitate to (?:contact|call|reach|ask|write)(?: us| me)?",
    "if you (?:have|need) (?:any(?:thing)?|further|more) (?:questions?|help|information|else)?",
    "should you (?:have|need) any (?:questions?|help|information)",
    "any questions?",
    "let (?:us|me) know if you (?:have|need) (?:any(?:thing)?|questions?)(?: else| questions?)?",
    "(?:we )?look forward to",
    "thanks? (?:so |very )?much",
    "more than happy",
    "as soon as possible",
    "si tiene(?:n)? (?:alguna|cualquier) (?:duda|pregunta)",
    "no dude(?:n)? en (?:contactar(?:nos)?|escribir(?:nos)?)",
    "sin problema",
    "für (?:Rückfragen|Fragen) stehen wir (?:Ihnen )?gerne zur Verfügung",
    "bei Fragen",
    "kein Problem",
  ].join("|"),
  "giu",
);

/**
 * "As ordered" phrases: they restate the order's own terms, which accounts for a price,
 * quantity or date word in the same sentence when nothing else in it changes.
 */
export const AS_ORDERED = new RegExp(
  [
    "as (?:per|in|on|stated (?:in|on)|listed (?:in|on)|shown (?:in|on)) (?:your|the) (?:PO|P\\.O\\.|order|purchase order)",
    "as (?:ordered|requested|specified)",
    "(?:your|the) (?:PO|P\\.O\\.|order) (?:prices?|pricing|quantit(?:y|ies)|terms|dates?)",
    "(?:PO|order) (?:prices?|pricing)",
    "(?:all )?(?:good|fine|ok|okay) (?:on|with) (?:the )?(?:quantities|prices|pricing|terms|dates?)(?:,? (?:and )?(?:quantities|prices|pricing|terms|dates?|delivery))*",
    "same (?:prices?|pricing|quantit(?:y|ies)|counts|terms|date)",
    "(?:prices?|pricing|quantit(?:y|ies)|terms|dates?) (?:are |is |remain |stay )?unchanged",
    "(?:prices?|pricing|quantit(?:y|ies)|terms|dates?|everything) (?:(?:are|is|remain|stay) )?(?:all )?(?:fine|ok|okay|good|correct|confirmed)",
    "según (?:su|el) pedido",
    "como (?:se )?(?:pidió|solicitó|indicado en (?:su|el) pedido)",
    "gemäß (?:Ihrer|der) Bestellung",
    "wie bestellt",
  ].join("|"),
  "giu",
);

/**
 * Words of plain confirmation, courtesy and ordinary logistics. Deliberately no word that
 * can change a term on its own: prices, quantities, dates and refusals are hazards above.
 */
const NEUTRAL_WORDS = `
a an the this that these those it its it's itself we we're we've we'll us our ours i i'm i've i'll i'd me my
you you're you've you'll your yours he she they them their his her who which what whom whose
and or but so also too as at by for from in into of on onto to with within via per over under
is are was were be been being am do does did done have has had having will shall would should can
get got go going goes gone make made take taken let lets please kindly just all both each every
any anything everything some here there where how very well really truly great good fine ok okay
yes yep yup sure certainly absolutely perfect wonderful lovely happy glad pleased delighted nice
hi hello hey dear morning afternoon evening greetings hope hoping trust doing keep
thank thanks thanked thx ty cheers regards regard best kind warm sincerely yours faithfully wishes
confirm confirms confirmed confirming confirmation acknowledge acknowledges acknowledged acknowledging
acknowledgement acknowledgment accept accepts accepted accepting acceptance approve approved
receive receives received receipt note noted noting record recorded entered processed processing
order orders ordered ordering po pos purchase purchased reorder reference ref number no. sales
pair pairs bag bags bottle bottles set sets
item items line lines article articles product products goods unit units pcs pc pieces piece ea each
quantity quantities qty amount amounts total totals subtotal sum value
delivery deliveries deliver delivers delivered delivering ship ships shipped shipping shipment
dispatch dispatched despatch despatched send sends sent sending arrive arrives arrival
arriving ready prepared pack packed packing packaged pick picked picking load loaded schedule
scheduled scheduling plan planned production produce produced manufacturing stock stocked warehouse
truck courier freight carrier pallet pallets carton cartons box boxes case cases tracking
date dated today tomorrow tonight time timing on-time track
terms term payment pay paid invoice invoices invoiced invoicing net
details detail information info document documents attached attachment attach find see below above
enclosed copy copies file pdf reply replied email mail message writing write wrote reach
contact contacted call phone team customer customers business partner support service office desk
question questions help assistance need needs needed require required request requested requests
wholesale retail account-manager manager representative sales-team
as-requested as-ordered same usual always again already everything's all's that's here's
requested confirmed agreed agree agrees agreement correct correctly right exactly fully full
complete completed completion fulfil fulfill fulfilled fulfilment fulfillment proceed proceeding
go-ahead release released process arrange arranged arranging organise organize organised organized
review reviewed check checked checking
appreciate appreciated appreciation valued value business pleasure forward look looking working work
week's today's order's
muchas gracias saludos cordiales atentamente estimado estimada estimados hola buenos buenas días
tardes confirmamos confirmo confirmado confirmada pedido pedidos orden recibido recibimos su sus
el la los las de del y a en con por para un una es son está están será serán le les nuestro nuestra
entrega entregaremos enviaremos envío fecha cantidad cantidades todo todos todas gracias un saludo
hallo guten tag sehr geehrte geehrter herr frau vielen dank danke für ihre ihren ihr bestellung
bestätigen bestätigt bestätigung wir hiermit die der das den dem des und mit zu zum zur wird werden
ist sind lieferung liefertermin lieferdatum menge mengen alle gerne freundlichen grüßen grüße beste
erhalten wie folgt

else still stay stays stayed remain remains remained unchanged keep kept hit meet met make makes
know knows knew think hope hoped want wants like would'd love feel free pls plz asap fyi btw
then than because since while though although also just even yet already soon-ish
back
call calls chat discuss discussed talk talked speak happy glad excited
new now today's this-week's
if whether
mr mrs ms dr sir madam team folks everyone all guys
follows follow following below above attached enclosed herewith hereby
regarding concerning re subject thread email's
correspondence communication
lovely nice thank-you thankyou
heads head quick quickly short-note note notes
put puts putting placed place places
run runs running ran
line-up lineup
side whole entire
our's yours'
day days week weeks month months
monday tuesday wednesday thursday friday saturday sunday mondays tuesdays wednesdays thursdays fridays
much pi proforma pro-forma checking records batch paperwork documentation hop jump landed land
owner director boss colleague colleagues honour honor honoured honored

january february march april june july august september october november december
jan feb mar apr jun jul aug sep sept oct nov dec end
own route routes press machine machines factory mill plant workshop crew staff people person
client clients friend friends family world country city town area region local company firm group
brand market industry team's office's
see look looks looked looking seem seems try tries tried show shows showed hear heard
believe bring brings brought happen happens happened provide provides provided sit sits sitting
stand stands understand understood watch follow create created speak read offer offers offered
remember consider considered appear buy bought serve served build built reach reached
suggest suggested sell sold report reported decide decided pull pulled pack packs
other long great little old right big different small large young important public
same able beautiful best better sure clear easy easier simple special busy
really actually definitely totally certainly simply exactly otherwise anyway however therefore
also again always already often usually sometimes together
something someone somebody everybody everyone anyone anybody
thing things way ways lot lots bit kind sort type
fabric fabrics material materials colour colours color colors size sizes style styles design designs
discrepancy discrepancies error errors mistake mistakes
finish finished quality cotton wool paper plastic metal glass wood leather
usual usually normal normally regular regularly
production produced producing manufacture manufactured
print printed printing label labels labelled labeled
photo photos picture pictures sample samples proof proofs approved approve
quality inspection inspected tested test
store stores shop shops location address
carefully careful
dock docks door doors gate
invoice-to bill billed billing
via through thru
come comes came coming
leave leaves left leaving
give gives gave given
find finds found
say says said tell told ask asked asks
use used using
need needs
matter matters
sure-thing
both-items
item's
pleasure
working
reply replying respond responding response
`;

export const NEUTRAL = new Set(
  NEUTRAL_WORDS.split(/\s+/)
    .filter((word) => word.length > 0)
    .map((word) => word.replace(/-/g, " ")),
);

/** Greeting at the start of a message: "Hi Maya,", "Dear Mr. Becker,", "Hola Lucía,". */
export const GREETING =
  /^(?:hi|hello|hey|dear|good (?:morning|afternoon|evening|day)|morning|afternoon|greetings|hola|estimad[oa]s?|buenos días|buenas tardes|hallo|guten tag|sehr geehrte[rs]?|liebe[rs]?)\b[^.!?\n]{0,60}?[,:!]?\s*$/iu;

/** A line that ends the message and starts the signature: "Thanks,", "Best regards", "--". */
export const SIGN_OFF =
  /^(?:--\s*|__+|(?:many |kind(?:est)? |best |warm(?:est)? |with )?(?:thanks?(?: you)?(?: again| so much| as always)?|regards|cheers|best(?: wishes)?|sincerely|yours(?: sincerely| faithfully| truly)?|respectfully|talk soon|all the best|thanks (?:&|and) (?:best )?regards)[,.!]*(?:\s*\/.{0,40})?|saludos(?: cordiales)?[,.]?|un saludo[,.]?|atentamente[,.]?|mit freundlichen grüßen[,.]?|(?:viele |beste )?grüße[,.]?|sent from my \S+.*)\s*$/iu;

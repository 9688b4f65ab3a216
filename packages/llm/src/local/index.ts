/**
 * @po-pro/llm/local — the keyless extractor and its field readers, for callers that want the
 * deterministic reading without the provider chain (the eval, the worker's offline mode).
 */
export {
  type ClassifyInput,
  classifySentence,
  type SentenceVerdict,
  unaccounted,
} from "./classify.js";
export { readCurrency } from "./currency.js";
export { type DateContext, type DateMention, findDates } from "./dates.js";
export { readDeliveryDate } from "./delivery.js";
export {
  explainLocally,
  extractLocally,
  type LocalExtraction,
  type LocalExtractionInput,
  SURE_CONFIDENCE,
  UNSURE_CONFIDENCE,
} from "./extract.js";
export type { Fact, FactKind, ReadContext, Reading, Segment } from "./facts.js";
export { readQuestion, readUnrelated, readWholeRejection } from "./kind.js";
export { messageLayout } from "./layout.js";
export { HAZARDS, type HazardKind, LANGUAGES } from "./lexicon.js";
export { lineMentions } from "./lines.js";
export { findMoney, findPercents, type MoneyMention } from "./money.js";
export { readPrices } from "./prices.js";
export { detectRiskSignals } from "./signals.js";
export { readLineStatuses } from "./statuses.js";
export { findTerms, readPaymentTerms } from "./terms.js";

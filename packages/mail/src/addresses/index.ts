/** Addresses and senders: parsing, free-mail domains and the envelope's risk signals. */
export {
  type AuthenticationResult,
  type AuthenticationResults,
  isAuthFailed,
  parseAuthenticationResults,
  trustedAuthenticationResults,
} from "./authentication-results.js";
export { isFreeMailDomain } from "./free-mail.js";
export {
  type AddressList,
  type AddressResult,
  domainOf,
  type InvalidAddress,
  type InvalidAddressReason,
  normalizeDomain,
  parseAddress,
  parseAddressList,
  type ValidAddress,
} from "./parse.js";
export {
  isSupplierAddress,
  type SenderFacts,
  senderRiskSignals,
  supplierDomain,
  withSenderSignals,
} from "./sender.js";

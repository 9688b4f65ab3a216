export { gmailTokenContext, imapPasswordContext } from "./contexts.js";
export {
  type MailTokenEnv,
  mailTokenEnvSchema,
  parseMailTokenEnv,
  parseTokenKeys,
  TOKEN_KEY_BYTES,
  type TokenKey,
} from "./env.js";
export { TokenCipherError, type TokenCipherErrorKind } from "./errors.js";
export { createTokenCipher, type TokenCipher } from "./token-cipher.js";

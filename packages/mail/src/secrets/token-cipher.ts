import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { TOKEN_KEY_BYTES, type TokenKey } from "./env.js";
import { TokenCipherError } from "./errors.js";

const VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;
const ALGORITHM = "aes-256-gcm";

export interface TokenCipher {
  /** The id new ciphertexts are written under (the first configured key). */
  readonly currentKeyId: string;
  /**
   * `v1.<keyId>.<iv>.<tag>.<data>`, each part base64url. `context` (e.g. the merchant id) is
   * bound as associated data, so a ciphertext copied to another row does not decrypt.
   */
  encrypt(plaintext: string, context?: string): string;
  /** @throws TokenCipherError unknown_key | wrong_key | malformed */
  decrypt(ciphertext: string, context?: string): string;
  /** True when the ciphertext was written under an older key and should be re-encrypted. */
  needsRotation(ciphertext: string): boolean;
}

// The version and key id are authenticated too, so relabelling a ciphertext fails the tag.
function associatedData(keyId: string, context: string | undefined): Buffer {
  return Buffer.from(`${VERSION}.${keyId}.${context ?? ""}`, "utf8");
}

const BASE64URL = /^[A-Za-z0-9_-]*$/;

function splitCiphertext(ciphertext: string) {
  const parts = ciphertext.split(".");
  if (parts.length !== 5 || parts[0] !== VERSION) {
    throw new TokenCipherError(
      "malformed",
      `Encrypted token is malformed: expected ${VERSION}.<keyId>.<iv>.<tag>.<data>`,
    );
  }
  const [, keyId = "", iv = "", tag = "", data = ""] = parts;
  if (keyId === "" || ![iv, tag, data].every((part) => BASE64URL.test(part))) {
    throw new TokenCipherError("malformed", "Encrypted token is malformed: bad base64url part");
  }
  const ivBytes = Buffer.from(iv, "base64url");
  const tagBytes = Buffer.from(tag, "base64url");
  if (ivBytes.length !== IV_BYTES || tagBytes.length !== TAG_BYTES) {
    throw new TokenCipherError(
      "malformed",
      `Encrypted token is malformed: IV must be ${IV_BYTES} bytes and tag ${TAG_BYTES}`,
      keyId,
    );
  }
  return { keyId, iv: ivBytes, tag: tagBytes, data: Buffer.from(data, "base64url") };
}

/**
 * AES-256-GCM for refresh tokens at rest. The first key encrypts; every key decrypts, so a key
 * is rotated by putting a new one first, re-encrypting (`needsRotation`), then dropping the old.
 * @throws TokenCipherError missing_key when no key is configured
 */
export function createTokenCipher(keys: readonly TokenKey[] | undefined): TokenCipher {
  const current = keys?.[0];
  if (keys === undefined || current === undefined) {
    throw new TokenCipherError(
      "missing_key",
      "MAIL_TOKEN_KEYS is not set: mailbox tokens cannot be encrypted or decrypted (set <keyId>:<base64 of 32 bytes>)",
    );
  }
  const byId = new Map<string, Buffer>();
  for (const { id, key } of keys) {
    if (key.length !== TOKEN_KEY_BYTES) {
      throw new TokenCipherError(
        "missing_key",
        `Token key "${id}" is ${key.length} bytes; AES-256 needs ${TOKEN_KEY_BYTES}`,
        id,
      );
    }
    byId.set(id, key);
  }

  return {
    currentKeyId: current.id,
    encrypt(plaintext, context) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv(ALGORITHM, current.key, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(associatedData(current.id, context));
      const data = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
      const tag = cipher.getAuthTag();
      return [VERSION, current.id, iv, tag, data]
        .map((part) => (typeof part === "string" ? part : part.toString("base64url")))
        .join(".");
    },
    decrypt(ciphertext, context) {
      const { keyId, iv, tag, data } = splitCiphertext(ciphertext);
      const key = byId.get(keyId);
      if (key === undefined) {
        throw new TokenCipherError(
          "unknown_key",
          `Encrypted token uses key id "${keyId}", which MAIL_TOKEN_KEYS no longer lists (configured: ${[...byId.keys()].join(", ")})`,
          keyId,
        );
      }
      try {
        const decipher = createDecipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
        decipher.setAAD(associatedData(keyId, context));
        decipher.setAuthTag(tag);
        return Buffer.concat([decipher.update(data), decipher.final()]).toString("utf8");
      } catch (error) {
        throw new TokenCipherError(
          "wrong_key",
          `Encrypted token failed authentication under key "${keyId}": the key for that id changed, or the ciphertext was altered`,
          keyId,
          { cause: error },
        );
      }
    },
    needsRotation(ciphertext) {
      return splitCiphertext(ciphertext).keyId !== current.id;
    },
  };
}

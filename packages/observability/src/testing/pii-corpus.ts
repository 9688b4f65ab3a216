/**
 * Realistic secrets and personal data that must never reach Sentry. Each entry is the
 * sensitive part (`secret`) and a sentence it typically appears in (`text`), so a test can
 * put it in messages, extra data, request data, breadcrumbs and span attributes and then
 * search every received byte for `secret`. None of these are live credentials.
 */
export interface PiiSample {
  kind: string;
  secret: string;
  text: string;
  /** A key the value is usually stored under, when it has one. */
  key?: string;
  /**
   * Parts of `secret` that must not appear either: a secret that contains a separator (`&`, a
   * space) can leak in halves, and a half is not `secret`.
   */
  pieces?: readonly string[];
}

export const PII_CORPUS: readonly PiiSample[] = [
  // Emails
  {
    kind: "email",
    secret: "jane.doe@acme-supplies.com",
    text: "reply from jane.doe@acme-supplies.com",
  },
  {
    kind: "email",
    secret: "buyer+po@merchant.co.uk",
    text: "sent to buyer+po@merchant.co.uk today",
  },
  {
    kind: "email",
    secret: "ops.team@shop.example.org",
    text: "<ops.team@shop.example.org> wrote:",
  },
  { kind: "email", secret: "a.kowalski@firma.pl", text: "From: A. Kowalski <a.kowalski@firma.pl>" },
  // Credit cards (Luhn-valid test numbers)
  { kind: "card", secret: "4111111111111111", text: "card 4111111111111111 declined" },
  { kind: "card", secret: "5555 5555 5555 4444", text: "pay with 5555 5555 5555 4444 exp 12/29" },
  { kind: "card", secret: "3782-822463-10005", text: "amex 3782-822463-10005 on file" },
  { kind: "card", secret: "6011000990139424", text: "discover=6011000990139424" },
  // IBANs
  {
    kind: "iban",
    secret: "DE89370400440532013000",
    text: "new bank details: DE89370400440532013000",
  },
  {
    kind: "iban",
    secret: "GB29 NWBK 6016 1331 9268 19",
    text: "remit to GB29 NWBK 6016 1331 9268 19 please",
  },
  { kind: "iban", secret: "FR1420041010050500013M02606", text: "IBAN FR1420041010050500013M02606" },
  // PEM keys
  {
    kind: "pem",
    secret: "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7",
    text: "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7\n-----END PRIVATE KEY-----",
  },
  {
    kind: "pem",
    secret: "MIIEpAIBAAKCAQEA3Tz2mr7SZiAMfQyuvBjM9Oi",
    text: "key=-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA3Tz2mr7SZiAMfQyuvBjM9Oi\n-----END RSA PRIVATE KEY-----",
  },
  // Bearer / basic auth
  { kind: "bearer", secret: "mF_9.B5f-4.1JqM", text: "Authorization: Bearer mF_9.B5f-4.1JqM" },
  { kind: "bearer", secret: "dXNlcjpodW50ZXIy", text: "header was Basic dXNlcjpodW50ZXIy" },
  // Credentials in URLs
  {
    kind: "urlauth",
    secret: "s3cr3tPass",
    text: "connect postgres://app:s3cr3tPass@db.internal:5432/po",
  },
  {
    kind: "urlauth",
    secret: "hunter22",
    text: "GET https://admin:hunter22@api.vendor.test/v1/orders",
  },
  { kind: "urlauth", secret: "r3d1sPw", text: "redis://:r3d1sPw@cache:6379/0" },
  // Passwords and secrets as key=value in free text
  { kind: "kv", secret: "Tr0ub4dor&3", text: "login failed password=Tr0ub4dor&3 for user" },
  { kind: "kv", secret: "correcthorsebattery", text: 'config {"passwd": "correcthorsebattery"}' },
  {
    kind: "kv",
    secret: "qz81-client-secret",
    text: "client_secret=qz81-client-secret&grant_type=x",
  },
  { kind: "kv", secret: "abc123sessionvalue", text: "session_id: abc123sessionvalue" },
  // Anthropic / OpenAI
  {
    kind: "anthropic",
    secret: "sk-ant-api03-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcdEFGH",
    text: "anthropic 401 with key sk-ant-api03-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcdEFGH",
  },
  {
    kind: "anthropic",
    secret: "sk-ant-admin01-ZyXwVuTsRqPoNmLkJiHgFeDcBa9876543210",
    text: "ANTHROPIC_ADMIN_KEY sk-ant-admin01-ZyXwVuTsRqPoNmLkJiHgFeDcBa9876543210",
  },
  {
    kind: "openai",
    secret: "sk-proj-4f9A8b7C6d5E4f3G2h1I0jKlMnOpQrStUvWxYzT3BlbkFJ",
    text: "Incorrect API key provided: sk-proj-4f9A8b7C6d5E4f3G2h1I0jKlMnOpQrStUvWxYzT3BlbkFJ",
  },
  {
    kind: "openai",
    secret: "sk-9fKx2LmQp8RtV3nWz7YbC1dE5gH6jA0sT3BlbkFJ",
    text: "OPENAI_API_KEY=sk-9fKx2LmQp8RtV3nWz7YbC1dE5gH6jA0sT3BlbkFJ",
  },
  {
    kind: "openai",
    secret: "sk-svcacct-Q2w3E4r5T6y7U8i9O0pAsDfGhJkLzXcVbNm",
    text: "service account sk-svcacct-Q2w3E4r5T6y7U8i9O0pAsDfGhJkLzXcVbNm",
  },
  // Google OAuth
  {
    kind: "googleAccess",
    secret: "ya29.a0AfB_byC3xYz-Example_AccessToken_1234567890abcdef",
    text: "gmail call with ya29.a0AfB_byC3xYz-Example_AccessToken_1234567890abcdef expired",
  },
  {
    kind: "googleRefresh",
    secret: "1//0gLx4Exampl3RefreshT0ken-AbCdEfGhIjKlMnOpQr",
    text: "refresh with 1//0gLx4Exampl3RefreshT0ken-AbCdEfGhIjKlMnOpQr failed: invalid_grant",
  },
  {
    kind: "googleSecret",
    secret: "GOCSPX-1a2B3c4D5e6F7g8H9i0JkLmNoPq",
    text: "oauth client GOCSPX-1a2B3c4D5e6F7g8H9i0JkLmNoPq",
  },
  {
    kind: "googleApiKey",
    secret: "AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY",
    text: "maps key AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY",
  },
  // JWT, GitHub, Slack, Stripe, AWS, Sentry
  {
    kind: "jwt",
    secret:
      "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJtZXJjaGFudC0xIn0.dBjftJeZ4CVPmB92K27uhbUJU1p1r_wW1gFWFOEjXk",
    text: "cookie jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJtZXJjaGFudC0xIn0.dBjftJeZ4CVPmB92K27uhbUJU1p1r_wW1gFWFOEjXk",
  },
  {
    kind: "github",
    secret: "ghp_16C7e42F292c6912E7710c838347Ae178B4a",
    text: "push with ghp_16C7e42F292c6912E7710c838347Ae178B4a",
  },
  {
    kind: "slack",
    secret: "xoxb-2631-1234567890-AbCdEfGhIjKl",
    text: "slack xoxb-2631-1234567890-AbCdEfGhIjKl",
  },
  {
    kind: "stripe",
    secret: "sk_live_51HxAbCdEfGhIjKlMnOpQr",
    text: "stripe sk_live_51HxAbCdEfGhIjKlMnOpQr",
  },
  { kind: "aws", secret: "AKIAIOSFODNN7EXAMPLE", text: "aws AKIAIOSFODNN7EXAMPLE denied" },
  // Values under sensitive keys (no recognisable shape: only the key gives them away)
  { kind: "key", key: "password", secret: "plainpass-7781", text: "plainpass-7781" },
  { kind: "key", key: "api_key", secret: "k-55821-zz", text: "k-55821-zz" },
  { kind: "key", key: "refresh_token", secret: "opaque-refresh-99", text: "opaque-refresh-99" },
  {
    kind: "key",
    key: "Authorization",
    secret: "Custom xyz-credential",
    text: "Custom xyz-credential",
  },
  { kind: "key", key: "x-api-key", secret: "vendor-key-31337", text: "vendor-key-31337" },
  { kind: "key", key: "mysql_pwd", secret: "mysql-pw-1", text: "mysql-pw-1" },
  { kind: "key", key: "privateKey", secret: "pk-material-42", text: "pk-material-42" },
  { kind: "key", key: "credentials", secret: "cred-blob-8", text: "cred-blob-8" },
  {
    kind: "cookie",
    key: "cookie",
    secret: "sessid=ab12cd34ef",
    text: "sessid=ab12cd34ef; theme=dark",
  },
  { kind: "cookie", key: "set-cookie", secret: "refresh=zz91yy", text: "refresh=zz91yy; HttpOnly" },
  // JWTs whatever their payload: a header is a JSON object (`ey…`/`ew…`); any three long
  // base64url segments count too.
  {
    kind: "jwt",
    secret:
      "eyJhbGciOiJFUzI1NiIsInR5cCI6IkpXVCJ9.UE8tNzc0MSByZWNlaXB0IGJsb2IgdjI.Ym9ndXMtc2lnbmF0dXJlLWZvci1wby1wcm8tdGVzdHMtOWsyTA",
    text: "state param was eyJhbGciOiJFUzI1NiIsInR5cCI6IkpXVCJ9.UE8tNzc0MSByZWNlaXB0IGJsb2IgdjI.Ym9ndXMtc2lnbmF0dXJlLWZvci1wby1wcm8tdGVzdHMtOWsyTA on return",
    pieces: ["UE8tNzc0MSByZWNlaXB0IGJsb2IgdjI"],
  },
  {
    kind: "jwt",
    secret:
      "ewogICJhbGciOiAiUlMyNTYiLAogICJraWQiOiAiazciCn0.eyAic3ViIjogIm1lcmNoYW50LTg4IiwgInNjb3BlIjogIm9yZGVycyIgfQ.YW5vdGhlci1mYWtlLXNpZy03UXo",
    text: "id_token ewogICJhbGciOiAiUlMyNTYiLAogICJraWQiOiAiazciCn0.eyAic3ViIjogIm1lcmNoYW50LTg4IiwgInNjb3BlIjogIm9yZGVycyIgfQ.YW5vdGhlci1mYWtlLXNpZy03UXo rejected",
    pieces: ["eyAic3ViIjogIm1lcmNoYW50LTg4IiwgInNjb3BlIjogIm9yZGVycyIgfQ"],
  },
  {
    kind: "jwt",
    secret: "eyAiYWxnIjogIkhTNTEyIiB9.b3BhcXVlOnNlc3Npb246NDQ3MQ.c2lnLWJ5dGVzLcO_w74teg",
    text: "X-Partner-Assertion: eyAiYWxnIjogIkhTNTEyIiB9.b3BhcXVlOnNlc3Npb246NDQ3MQ.c2lnLWJ5dGVzLcO_w74teg",
  },
  {
    kind: "jwt",
    secret: "bm9uc3RhbmRhcmQtaGVhZGVyLVh5OQ.cGF5bG9hZC1LcTItYmluYXJ5.c2lnLThadC1MbTM",
    text: "forwarded (bm9uc3RhbmRhcmQtaGVhZGVyLVh5OQ.cGF5bG9hZC1LcTItYmluYXJ5.c2lnLThadC1MbTM) upstream",
  },
  // `key=value` / `key: value` in free text, where the key only contains a sensitive fragment;
  // values end at whitespace or a quote, never at `&`.
  {
    kind: "kv-fragment",
    secret: "Hq7vP2mZ/Lr9xT4kWc8Ne1Bu5Ys0Jd3Fg6Aa+Qo",
    text: "export AWS_SECRET_ACCESS_KEY=Hq7vP2mZ/Lr9xT4kWc8Ne1Bu5Ys0Jd3Fg6Aa+Qo before deploy",
  },
  {
    kind: "kv-fragment",
    secret: "Vq3&Lm9#Zr!2wx",
    text: "smtp relay refused SMTP_PASSWORD=Vq3&Lm9#Zr!2wx for outbox",
    pieces: ["Lm9#Zr!2wx"],
  },
  {
    kind: "kv-fragment",
    secret: "whk_8Tq2Nv5Lp0Rz",
    text: "stripeWebhookSecret: whk_8Tq2Nv5Lp0Rz (rotated)",
  },
  {
    kind: "kv-fragment",
    secret: "7fa93cd01e55b2aa",
    text: "X-Vendor-Auth-Key: 7fa93cd01e55b2aa",
  },
  {
    kind: "kv-fragment",
    secret: "850712-4471-92",
    text: "KYC retry with nationalIdNumber=850712-4471-92 failed",
  },
  {
    kind: "kv-fragment",
    secret: "q8vd2kf71nmc0a9e3hs5",
    text: "legacy portal PHPSESSID=q8vd2kf71nmc0a9e3hs5; lang=de",
  },
  {
    kind: "kv-fragment",
    secret: "Gr@vel-Lantern 88",
    text: "ftp mirror user_pwd='Gr@vel-Lantern 88' expired",
    pieces: ["Lantern 88"],
  },
  {
    kind: "kv-fragment",
    secret: "k9$Pw2&Rt7;Zq",
    text: 'vault reply {"encryptionKey": "k9$Pw2&Rt7;Zq", "version": 3}',
    pieces: ["Rt7;Zq"],
  },
  {
    kind: "kv-fragment",
    secret: "Rk4Np8Ws&exp=60",
    text: "GET https://hooks.vendor.test/cb?client_key=Rk4Np8Ws&exp=60 failed",
    pieces: ["Rk4Np8Ws"],
  },
  {
    kind: "kv-fragment",
    secret: "3nq7Xw9LpA2m",
    text: "proxy sent Authorization: Custom 3nq7Xw9LpA2m upstream",
  },
  {
    kind: "kv-fragment",
    secret: "FQoGZXIvYXdzEPz//////////wEaDH",
    text: "x-amz-security-token=FQoGZXIvYXdzEPz//////////wEaDH",
  },
  {
    kind: "kv-fragment",
    secret: "lunar Orchard 41",
    text: "keystore unlock failed: passphrase = 'lunar Orchard 41'",
    pieces: ["Orchard 41"],
  },
  { kind: "kv-fragment", secret: "cc_51dd0e9a7b", text: "client-credential: cc_51dd0e9a7b" },
  // US social security numbers
  { kind: "ssn", secret: "498-21-6673", text: "verify SSN:498-21-6673 before payout" },
  { kind: "ssn", secret: "512-38-4479", text: "applicant SSN 512-38-4479 on the W-9" },
  { kind: "ssn", secret: "623 41 7782", text: "social security number 623 41 7782 mismatch" },
  { kind: "ssn", secret: "531229940", text: "payee ssn#: 531229940" },
  { kind: "ssn", secret: "287-65-4321", text: "tax form lists 287-65-4321 for the owner" },
  // Keys that join a sensitive fragment or word with other words
  { kind: "key", key: "webhookSigningKey", secret: "wh-sign-55821q", text: "wh-sign-55821q" },
  { kind: "key", key: "nationalIdNumber", secret: "NID-850712-xq", text: "NID-850712-xq" },
  { kind: "key", key: "customer_ssn", secret: "ssn-opaque-4015", text: "ssn-opaque-4015" },
  { kind: "key", key: "connect.sid", secret: "s:q7Lk2Vn9.xPzR", text: "s:q7Lk2Vn9.xPzR" },
  { kind: "key", key: "db_pass", secret: "pg-local-pass-3317", text: "pg-local-pass-3317" },
  { kind: "key", key: "otp_code", secret: "otp-55-19-ab", text: "otp-55-19-ab" },
  { kind: "key", key: "gcpCredential", secret: "gcp-cred-77a1f", text: "gcp-cred-77a1f" },
  { kind: "key", key: "vendorKey", secret: "vkey-19ab77", text: "vkey-19ab77" },
  { kind: "key", key: "X-Vendor-Key", secret: "vk-20261126-zz", text: "vk-20261126-zz" },
];

/**
 * Personal data that only the place gives away: user fields set with `setUser`, which the SDK
 * also copies into span, log and metric attributes (`user.name`, `user.email`, …). `key` is the
 * user field.
 */
export const PII_USER: readonly PiiSample[] = [
  { kind: "user", key: "username", secret: "marta.lindqvist88", text: "marta.lindqvist88" },
  {
    kind: "user",
    key: "email",
    secret: "m.lindqvist@nordkap-trading.se",
    text: "m.lindqvist@nordkap-trading.se",
  },
  { kind: "user", key: "ip_address", secret: "203.0.113.77", text: "203.0.113.77" },
  { kind: "user", key: "name", secret: "Marta Lindqvist", text: "Marta Lindqvist" },
];

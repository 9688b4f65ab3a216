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
];

import { withBase } from "./index.js";

export default withBase({ test: { include: ["*.test.ts"] } });

/** Test client: opens a transaction, updates a row, says so, and waits to be killed. */
import postgres from "postgres";

const sql = postgres(process.argv[2] as string, { max: 1, onnotice: () => {} });
void sql.begin(async (tx) => {
  await tx`select n from counter where id = 1 for update`;
  await tx`update counter set n = n + 1 where id = 1`;
  process.stdout.write("in transaction\n");
  await new Promise(() => {});
});

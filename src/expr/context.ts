// What an expression can read: the contexts of DESIGN §2.

/** The values behind `inputs`, `env`, `stages`, `outputs`, `run`, `pipeline` and `stage`. */
export interface ExprContext {
  inputs: Record<string, unknown>;
  env: Record<string, string | undefined>;
  stages: Record<string, { outputs: Record<string, unknown>; status: string }>;
  outputs: Record<string, unknown>;
  run: { id: string; dir: string };
  pipeline: { name: string };
  stage: { attempt: number; id?: string };
}

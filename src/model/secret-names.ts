// Which names hold secrets: environment variables and inputs whose names say so (TOKEN,
// SECRET, PASSWORD, KEY, CREDENTIAL...), and those a pipeline declares under `secrets:`.
const SECRET_NAME = /TOKEN|SECRET|PASSWORD|PASSWD|KEY|CREDENTIAL/i;

/** True when a variable or input of this name holds a secret. */
export function isSecretName(name: string, declared: readonly string[]): boolean {
  return declared.includes(name) || SECRET_NAME.test(name);
}

/**
 * The `definitionVersion` the compiler writes; the interpreter refuses versions it does not know.
 * Its own module so the workflow sandbox, which reads only this, does not evaluate the compiler.
 */
export const DEFINITION_VERSION = 1 as const;

// oidc-provider ships JavaScript without type declarations; the parts this
// project uses are typed loosely here and narrowed where they are called.
declare module 'oidc-provider' {
  // biome-ignore lint/suspicious/noExplicitAny: untyped library
  export const Provider: any;
  // biome-ignore lint/suspicious/noExplicitAny: untyped library
  export const interactionPolicy: any;
  // biome-ignore lint/suspicious/noExplicitAny: untyped library
  export const errors: any;
  // biome-ignore lint/suspicious/noExplicitAny: untyped library
  const defaultExport: any;
  export default defaultExport;
}

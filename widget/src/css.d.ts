/** The build turns `import css from "./style.css"` into the minified stylesheet as a string. */
declare module "*.css" {
  const css: string;
  export default css;
}

// One format for the whole tree; `npm test` fails on anything Prettier would change.
/** @type {import("prettier").Config} */
const prettierConfig = {
  printWidth: 120,
};

export default prettierConfig;

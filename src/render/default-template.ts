/**
 * The built-in template, `templates/migration.ts.hbs` at the package root (same depth from src/ and dist/).
 * Kept apart from the renderer so that `autogen init` can copy it without loading Handlebars and Prettier.
 */
import path from "node:path";

export const DEFAULT_TEMPLATE_PATH = path.resolve(__dirname, "../../templates/migration.ts.hbs");

/**
 * `import.meta` in files the loader compiles to CommonJS. ES module projects write
 * `path.dirname(fileURLToPath(import.meta.url))` in their DataSource module to find their entity globs,
 * and TypeScript's CommonJS output keeps `import.meta` as it is: a syntax error in a CommonJS body (Node
 * then tried the output as an ES module, which failed on `exports`). This transformer gives each
 * `import.meta` what Node gives an ES module, built from the CommonJS module's own variables: `url`,
 * `filename` and `dirname` (not `resolve()`, rarely used there).
 */
import type * as TypeScript from "typescript";

/**
 * `({ url, filename, dirname })` for the module being run, as an expression; `url` is
 * `require("node:url").pathToFileURL(__filename).href`.
 */
function commonJsImportMeta(factory: TypeScript.NodeFactory): TypeScript.Expression {
  const fileUrl = factory.createPropertyAccessExpression(
    factory.createCallExpression(
      factory.createPropertyAccessExpression(
        factory.createCallExpression(factory.createIdentifier("require"), undefined, [
          factory.createStringLiteral("node:url"),
        ]),
        "pathToFileURL",
      ),
      undefined,
      [factory.createIdentifier("__filename")],
    ),
    "href",
  );
  return factory.createParenthesizedExpression(
    factory.createObjectLiteralExpression([
      factory.createPropertyAssignment("url", fileUrl),
      factory.createPropertyAssignment("filename", factory.createIdentifier("__filename")),
      factory.createPropertyAssignment("dirname", factory.createIdentifier("__dirname")),
    ]),
  );
}

/** Whether a source may hold `import.meta` (spaces are allowed around the dot). */
const MENTIONS_IMPORT_META = /\bimport\s*\.\s*meta\b/;

/**
 * A `before` transformer replacing every `import.meta` by its CommonJS equivalent (see the file comment).
 * Files that do not mention it are returned as they are, without a walk.
 */
export function importMetaTransformer(
  ts: typeof TypeScript,
): TypeScript.TransformerFactory<TypeScript.SourceFile> {
  return (context) => {
    const visit = (node: TypeScript.Node): TypeScript.Node => {
      if (ts.isMetaProperty(node) && node.keywordToken === ts.SyntaxKind.ImportKeyword) {
        return commonJsImportMeta(context.factory);
      }
      return ts.visitEachChild(node, visit, context);
    };
    return (sourceFile) =>
      MENTIONS_IMPORT_META.test(sourceFile.text)
        ? (ts.visitNode(sourceFile, visit) as TypeScript.SourceFile)
        : sourceFile;
  };
}

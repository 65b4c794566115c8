/**
 * An article's body as plain text: paragraphs where the writer left a blank line, line breaks where
 * they pressed Enter. Nothing in it is interpreted as markup, so there is nothing to sanitise and the
 * CSP stays as strict as everywhere else.
 */
export function ArticleBody({ body }: { body: string }) {
  const paragraphs = body.split(/\n\s*\n/).filter((paragraph) => paragraph.trim() !== "");
  return (
    <div
      className="space-y-4 text-base leading-7 break-words text-slate-800 dark:text-slate-200"
      data-testid="article-body"
    >
      {paragraphs.map((paragraph, index) => (
        <p key={index} className="whitespace-pre-line">
          {paragraph.trim()}
        </p>
      ))}
    </div>
  );
}

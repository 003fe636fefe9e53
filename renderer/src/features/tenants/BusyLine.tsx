// Runs in the renderer. What a long action is doing, with an indeterminate progress bar: the core
// reports no steps for these (creating databases, importing a template, building a version).
export function BusyLine({ text }: { text: string }) {
  return (
    <div className="tn-progress" role="status">
      {text}
      <progress aria-label={text} />
    </div>
  );
}

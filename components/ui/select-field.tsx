/** The look of every select: the same 40 px height, ring and colours as a text input (field.tsx). */
export const selectClasses =
  "block h-10 w-full rounded-md border-0 bg-white px-3 text-sm text-slate-900 ring-1 ring-slate-300 ring-inset focus:ring-2 focus:ring-indigo-600 dark:bg-slate-900 dark:text-slate-100 dark:ring-slate-700";

export function SelectField({
  name,
  label,
  value,
  options,
}: {
  name: string;
  label: string;
  value?: string;
  /** Options with a `group` are shown under it (an optgroup), groups in the order they first appear. */
  options: Array<{ value: string; label: string; group?: string }>;
}) {
  const loose = options.filter((option) => !option.group);
  const groups = [...new Set(options.flatMap((option) => (option.group ? [option.group] : [])))];
  const item = (option: { value: string; label: string }) => (
    <option key={option.value} value={option.value}>
      {option.label}
    </option>
  );
  return (
    // The same boxes as a text field's frame (field.tsx): the label's text a block of its own, so a
    // select lines up with the inputs beside it in a filter row.
    <label className="block space-y-1.5 text-sm font-medium">
      <span className="block">{label}</span>
      <select name={name} defaultValue={value ?? ""} className={selectClasses}>
        {loose.map(item)}
        {groups.map((group) => (
          <optgroup key={group} label={group}>
            {options.filter((option) => option.group === group).map(item)}
          </optgroup>
        ))}
      </select>
    </label>
  );
}

function pad(value: number): string {
  return String(value).padStart(2, "0");
}

/** Formats an ISO instant for a `datetime-local` input, in the reader's time zone. */
export function toLocalInput(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) {
    return "";
  }
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`
  );
}

/** Reads a `datetime-local` value in the reader's time zone as an ISO instant with its offset. */
export function fromLocalInput(value: string): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) {
    throw new Error("is not a date and time");
  }
  return date.toISOString();
}

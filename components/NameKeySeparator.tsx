/** The visible separator between a device's name and its key shown together: "Phone · us-east-1_…". */
export function NameKeySeparator() {
  return <span class="name-key-sep"> · </span>;
}

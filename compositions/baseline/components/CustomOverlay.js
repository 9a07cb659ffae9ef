// Extension point: draws nothing by default. Sessions can replace this file with their own
// overlay (it sits above the toast and below the title slate).
export default function CustomOverlay() {
  return null;
}

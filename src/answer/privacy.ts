// Masks personal identifiers (ID card, certificate numbers of 15–20 digits) before any text leaves the archive.

const ID_RE = /(?<![\d０-９])([\d０-９]{15,20}[XxＸｘ]?)(?![\d０-９])/g;

/**
 * Replaces the middle of every 15–20 digit identifier with asterisks, keeping the first 3 and last 2 characters,
 * so a reader can tell a number was printed without the number being echoed.
 * @example maskIdentifiers('证号为123456199001011234') // '证号为123*************34' (a made-up number)
 */
export function maskIdentifiers(text: string): string {
  return text.replace(ID_RE, (m) => m.slice(0, 3) + '*'.repeat(m.length - 5) + m.slice(-2));
}

"""Ingest errors: one stable code for the API and one clear Swedish message for people."""
from __future__ import annotations

# code -> Swedish message template. Codes are part of the API contract; keep them stable.
MESSAGES: dict[str, str] = {
    "not_found": "Filen finns inte: {detail}",
    "unsupported_format": "Filformatet stöds inte ({detail}). Tillåtna format: PDF, TXT, MD, DOCX, CSV.",
    "empty_file": "Filen är tom och innehåller ingen text.",
    "too_large": "Filen är för stor ({detail}). Dela upp den eller höj gränsen NAMNDSOK_MAX_FILE_MB.",
    "corrupt_pdf": "PDF-filen är trasig och kan inte läsas ({detail}).",
    "encrypted_pdf": "PDF-filen är krypterad eller lösenordsskyddad. Spara en olåst kopia och försök igen.",
    "not_text": "Filen ser inte ut att vara text (binärt innehåll). Kontrollera att rätt fil valts.",
    "no_text": "Ingen läsbar text hittades i filen ({detail}).",
    "timeout": "Läsningen av filen tog för lång tid och avbröts ({detail}).",
    "read_failed": "Filen kunde inte läsas: {detail}",
}


class IngestError(Exception):
    """A file that cannot be ingested. Never stops a batch: the service reports it and goes on."""

    def __init__(self, code: str, detail: str = "") -> None:
        if code not in MESSAGES:
            raise ValueError(f"unknown ingest error code {code!r}")
        self.code = code
        self.detail = detail
        self.message = MESSAGES[code].format(detail=detail).replace(" ()", "")
        super().__init__(self.message)

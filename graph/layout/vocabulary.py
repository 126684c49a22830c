"""Words that carry meaning in minutes: speech verbs, role words, attendance headings."""
from __future__ import annotations

#: Verbs (past tense) by which a participant acts, with the speech act each stands for.
SPEECH_VERBS = {
    "welcomed": "welcome", "thanked": "welcome", "opened": "welcome",
    "provided": "update", "gave": "update", "updated": "update", "presented": "update",
    "outlined": "update", "introduced": "update", "reported": "update", "described": "update",
    "highlighted": "update", "summarised": "update", "summarized": "update", "reviewed": "update",
    "explained": "explanation", "clarified": "explanation",
    "commented": "comment", "noted": "comment", "observed": "comment", "remarked": "comment",
    "mentioned": "comment", "added": "comment", "stated": "comment", "said": "comment",
    "emphasised": "comment", "emphasized": "comment", "stressed": "comment", "raised": "comment",
    "pointed": "comment", "reflected": "comment", "felt": "comment", "considered": "comment",
    "asked": "question", "queried": "question", "questioned": "question", "enquired": "question",
    "inquired": "question", "wondered": "question",
    "responded": "answer", "replied": "answer", "answered": "answer",
    "confirmed": "confirmation", "advised": "confirmation", "informed": "confirmation",
    "suggested": "suggestion", "recommended": "suggestion",
    "proposed": "proposal",
    "offered": "offer", "volunteered": "offer", "undertook": "offer",
    "agreed": "agreement", "supported": "agreement", "welcomes": "agreement",
    "disagreed": "disagreement", "objected": "disagreement", "opposed": "disagreement",
    "requested": "request", "urged": "request",
    "demonstrated": "demonstration", "showed": "demonstration", "shared": "demonstration",
    "discussed": "discussion", "led": "discussion",
    "echoed": "agreement", "concurred": "agreement", "accepted": "agreement", "invited": "request",
    "acknowledged": "comment", "concluded": "comment", "argued": "comment", "expressed": "comment",
    "reiterated": "comment", "doubted": "disagreement",
}
PARTICIPLE_VERBS = {"providing": "demonstration", "giving": "update", "presenting": "update",
                    "demonstrating": "demonstration", "leading": "discussion"}

ROLE_WORDS = {
    "chair": "chair", "chairman": "chair", "chairwoman": "chair", "chairperson": "chair",
    "co-chair": "chair", "vice chair": "member", "vice-chair": "member",
    "secretariat": "secretariat", "secretary": "secretariat", "minutes": "secretariat",
    "scribe": "secretariat", "clerk": "secretariat",
    "presenter": "presenter", "observer": "observer", "guest": "in-attendance",
    "in attendance": "in-attendance", "member": "member",
    "presiding": "chair", "moderator": "chair", "facilitator": "chair",
    "note taker": "secretariat", "note-taker": "secretariat",
}
ATTENDANCE_HEADINGS = {
    "attendees": "member", "present": "member", "members": "member", "members present": "member",
    "attendance": "member", "in attendance": "in-attendance", "also in attendance": "in-attendance",
    "also present": "in-attendance", "guests": "in-attendance", "officials": "in-attendance",
    "observers": "observer", "secretariat": "secretariat", "apologies": "apologies",
    "regrets": "apologies", "absent": "apologies", "apologies for absence": "apologies",
    "panel": "member", "ex officio": "member", "directors present": "member", "those present were": "member",
    "remote attendees": "member", "in-person attendees": "member", "other attendees": "in-attendance",
    "executive officers present": "in-attendance", "officers present": "in-attendance",
    "officers in attendance": "in-attendance", "presenters": "presenter", "chair": "chair",
    "moderator": "chair", "scribe": "secretariat", "scribes": "secretariat", "notes": "secretariat",
    "directors absent": "apologies",
}
OUTCOMES = {"agreed": "agreed", "decided": "agreed", "approved": "approved", "resolved": "resolved",
            "noted": "noted", "rejected": "rejected", "deferred": "deferred",
            "adopted": "approved", "accepted": "approved", "confirmed": "approved", "carried": "approved",
            "passed": "approved", "endorsed": "approved", "ratified": "approved", "declined": "rejected",
            "defeated": "rejected", "failed": "rejected", "postponed": "deferred", "referred": "deferred"}
ABBREVIATIONS = ("e.g.", "i.e.", "etc.", "Dr.", "Mr.", "Mrs.", "Ms.", "Prof.", "St.", "No.", "vs.", "cf.")
PRONOUNS = {"He", "She"}

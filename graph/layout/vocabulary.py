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
}
ATTENDANCE_HEADINGS = {
    "attendees": "member", "present": "member", "members": "member", "members present": "member",
    "attendance": "member", "in attendance": "in-attendance", "also in attendance": "in-attendance",
    "also present": "in-attendance", "guests": "in-attendance", "officials": "in-attendance",
    "observers": "observer", "secretariat": "secretariat", "apologies": "apologies",
    "regrets": "apologies", "absent": "apologies", "apologies for absence": "apologies",
}
OUTCOMES = {"agreed": "agreed", "decided": "agreed", "approved": "approved", "resolved": "resolved",
            "noted": "noted", "rejected": "rejected", "deferred": "deferred"}
ABBREVIATIONS = ("e.g.", "i.e.", "etc.", "Dr.", "Mr.", "Mrs.", "Ms.", "Prof.", "St.", "No.", "vs.", "cf.")
PRONOUNS = {"He", "She"}

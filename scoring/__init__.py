"""Pure scoring of question banks: one respondent, many respondents, charts, the CLI."""

from scoring.frame import InvalidCells, score_frame
from scoring.profile import AnswerError, AxisScore, Band, Profile, band, score

__all__ = [
    "AnswerError",
    "AxisScore",
    "Band",
    "InvalidCells",
    "Profile",
    "band",
    "score",
    "score_frame",
]

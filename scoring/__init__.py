"""Pure scoring of question banks: one respondent, many respondents, how firm a score
is, norms, charts, the CLI."""

from scoring.frame import InvalidCells, score_frame
from scoring.precision import FIRM_ANSWERS, Change, Reading, axis_reading, overall_reading
from scoring.profile import AnswerError, AxisScore, Band, Profile, band, score

__all__ = [
    "FIRM_ANSWERS",
    "AnswerError",
    "AxisScore",
    "Band",
    "Change",
    "InvalidCells",
    "Profile",
    "Reading",
    "axis_reading",
    "band",
    "overall_reading",
    "score",
    "score_frame",
]

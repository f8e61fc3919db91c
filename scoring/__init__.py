"""Pure scoring of question banks: one respondent, many respondents, how firm a score
is, norms, item analysis, charts, the CLI."""

from scoring.frame import InvalidCells, score_frame
from scoring.precision import FIRM_ANSWERS, Change, Reading, axis_reading, overall_reading
from scoring.profile import AnswerError, AxisScore, Band, Profile, band, score
from scoring.reliability import Analysis, AxisAnalysis, ItemAnalysis, analyse

__all__ = [
    "FIRM_ANSWERS",
    "Analysis",
    "AnswerError",
    "AxisAnalysis",
    "AxisScore",
    "Band",
    "Change",
    "InvalidCells",
    "ItemAnalysis",
    "Profile",
    "Reading",
    "analyse",
    "axis_reading",
    "band",
    "overall_reading",
    "score",
    "score_frame",
]

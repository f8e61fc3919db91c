"""Pure scoring of question banks: one respondent, many respondents, item analysis,
charts, the CLI."""

from scoring.frame import InvalidCells, score_frame
from scoring.profile import AnswerError, AxisScore, Band, Profile, band, score
from scoring.reliability import Analysis, AxisAnalysis, ItemAnalysis, analyse

__all__ = [
    "Analysis",
    "AnswerError",
    "AxisAnalysis",
    "AxisScore",
    "Band",
    "InvalidCells",
    "ItemAnalysis",
    "Profile",
    "analyse",
    "band",
    "score",
    "score_frame",
]

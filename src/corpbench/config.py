"""Settings, read from the environment (prefix ``CORPBENCH_``) once per command."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DB_URL = "sqlite:///corpbench.db"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CORPBENCH_", extra="ignore")

    #: SQLAlchemy URL of the store. Default: an SQLite file in the working directory.
    db: str = DEFAULT_DB_URL
    #: Largest file accepted in a bundle (a CSV, a workbook, or a zip and each of its members).
    max_file_bytes: int = 200 * 1024 * 1024
    #: Largest number of files in a zip bundle.
    max_zip_members: int = 64
    #: Most rows below the header of one file of a bundle (a CSV file or a sheet): above the
    #: 3.1 million cost lines of 100 times the national round.
    max_rows_per_file: int = 5_000_000
    #: Most rows below the header of one sheet of a workbook (at most ``max_rows_per_file``):
    #: reading a workbook costs about a hundred times a CSV file of the same rows, so rounds
    #: larger than three times the national one (30,532 cost lines) go as CSV files or a zip.
    max_workbook_rows: int = 100_000
    #: Largest upload the web app accepts (a workbook, a zip or the CSV files together).
    max_upload_bytes: int = 50 * 1024 * 1024
    #: How long (seconds) an app process may reuse what it read of the store's state and of a
    #: session or token before reading it again (0: every request). Changes made through the
    #: same process are seen at once; others (a load or a user disabled from the command line,
    #: another worker's publication) within this time.
    cache_seconds: float = 1.0
    #: Number of nearest peers of each organisation under the grouping ``similar`` (at least 1).
    similar_k: int = Field(default=10, ge=1)
    #: Mark cookies Secure (set when the app is served over HTTPS, as it must be in production).
    cookie_secure: bool = False


def get_settings() -> Settings:
    return Settings()

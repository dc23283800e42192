"""Core: what every other wing stands on, with no database and no domain.

- config: settings from the environment and .streamlit/secrets.toml
- errors: the exceptions services raise, each carrying a translation key
- i18n: gettext catalogues (nb, nn, en) and t()
- text, formatting: escaping user text, numbers and dates the Norwegian way
- validation: input models checked into one InvalidInput naming the field
- mail: SMTP and the links mail may carry
- clock: today in Europe/Oslo, the date day-dependent reads use and are cached by
- http_headers, inline_scripts: the security headers and the only inline scripts the app serves

Floor: imports nothing from kultur3 outside core.
"""

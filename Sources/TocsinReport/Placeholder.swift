// Placeholder until the report work lands.
enum TocsinReportPlaceholder {}

// Placeholder until the observability work lands.
enum TocsinObservabilityPlaceholder {}

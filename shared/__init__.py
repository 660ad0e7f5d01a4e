"""Everything with no UI: domain model, SOP workflow, store, config, i18n."""

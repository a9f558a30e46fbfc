#include "viewmodel/template_data.h"

namespace ms {

using kainjow::mustache::data;

namespace {

thread_local std::set<std::string>* recorded_names = nullptr;
thread_local FieldNameRecorder* active_recorder = nullptr;

template <typename V>
void put(data& d, const char* name, V&& value) {
  if (recorded_names) recorded_names->insert(name);
  d[name] = std::forward<V>(value);
}

// kainjow's data has no way to move items into a list: its list constructor and push_back copy
// every item deeply, which for nested lists (groups > tabs > code) meant copying each subtree once
// per level. The list is created empty and filled by moving, through list_value(): the vector it
// returns belongs to `out`, a non-const object, so writing to it is well defined. Its move
// constructor is not noexcept (a growing vector would copy), hence the reserve.
template <typename T, typename Make>
data list_of(const std::vector<T>& items, Make&& make) {
  data out(data::type::list);
  auto& list = const_cast<kainjow::mustache::basic_list<std::string>&>(out.list_value());
  list.reserve(items.size());
  for (const auto& item : items) list.emplace_back(make(item));
  return out;
}

void put_link(data& d, const ModelLinkView& v) {
  put(d, "name", v.name);
  put(d, "id", v.id);
  put(d, "href", v.href);
}

data link_data(const ModelLinkView& v) {
  data d;
  put_link(d, v);
  return d;
}

data replacements_data(const std::vector<ReplacementView>& links) {
  return list_of(links, [](const ReplacementView& r) {
    data d = link_data(r.link);
    put(d, "separator", r.separator);
    return d;
  });
}

data card_data(const ModelCardView& v) {
  data d = link_data(v.link);
  put(d, "provider", v.provider);
  put(d, "status", v.status);
  put(d, "status_label", v.status_label);
  put(d, "price", v.price);
  put(d, "price_html", v.price_html);
  put(d, "context", v.context);
  put(d, "has_context", v.has_context);
  put(d, "meta_html", v.meta_html);
  return d;
}

data cards_data(const std::vector<ModelCardView>& cards) { return list_of(cards, card_data); }

data options_data(const std::vector<OptionView>& options) {
  return list_of(options, [](const OptionView& o) {
    data d;
    put(d, "value", o.value);
    put(d, "label", o.label);
    return d;
  });
}

data base_data(const BasePageView& v) {
  data d;
  put(d, "lang", v.lang);
  put(d, "dir", v.dir);
  put(d, "rtl", v.rtl);
  put(d, "format_locale", v.format_locale);
  put(d, "root", v.root);
  put(d, "site_title", v.site_title);
  put(d, "heading", v.heading);
  put(d, "page_title", v.page_title);
  put(d, "description", v.description);
  put(d, "canonical", v.canonical);
  put(d, "og_type", v.og_type);
  put(d, "og_locale", v.og_locale);
  put(d, "css", v.css);
  put(d, "js", v.js);
  // The asset keys come from the files in templates/assets/, not from the view: no field names.
  data asset;
  for (const auto& [name, url] : v.asset) asset[name] = url;
  put(d, "asset", std::move(asset));
  put(d, "home_href", v.home_href);
  put(d, "search_href", v.search_href);
  put(d, "search_index", v.search_index);
  put(d, "search_results_message", v.search_results_message);
  put(d, "alternates", list_of(v.alternates, [](const AlternateView& a) {
        data o;
        put(o, "hreflang", a.hreflang);
        put(o, "href", a.href);
        return o;
      }));
  put(d, "x_default", v.x_default);
  put(d, "languages", list_of(v.languages, [](const LanguageView& l) {
        data o;
        put(o, "name", l.name);
        put(o, "lang", l.lang);
        put(o, "dir", l.dir);
        put(o, "href", l.href);
        put(o, "current", l.current);
        return o;
      }));
  put(d, "has_languages", v.languages.size() > 1);
  put(d, "nav", list_of(v.nav, [](const NavItemView& n) {
        data o;
        put(o, "label", n.label);
        put(o, "href", n.href);
        put(o, "current", n.current);
        return o;
      }));
  if (v.json_ld) put(d, "json_ld", *v.json_ld);
  return d;
}

void put_pager(data& d, const std::optional<PagerView>& pager) {
  if (!pager) {
    put(d, "pager", false);
    return;
  }
  const PagerView& v = *pager;
  data p;
  put(p, "label", v.label);
  put(p, "status", v.status);
  put(p, "prev", v.prev);
  put(p, "next", v.next);
  put(p, "has_prev", v.has_prev);
  put(p, "has_next", v.has_next);
  if (v.prev_href) put(p, "prev_href", *v.prev_href);
  if (v.prev_url) put(p, "prev_url", *v.prev_url);
  if (v.next_href) put(p, "next_href", *v.next_href);
  if (v.next_url) put(p, "next_url", *v.next_url);
  put(p, "pages", list_of(v.pages, [](const PagerLinkView& l) {
        data o;
        put(o, "label", l.label);
        put(o, "href", l.href);
        put(o, "current", l.current);
        put(o, "gap", l.gap);
        return o;
      }));
  put(d, "pager", std::move(p));
}

void put_list_form(data& d, const ListFormView& v) {
  put(d, "shown", v.shown);
  put(d, "shown_of_message", v.shown_of_message);
  put(d, "show_more_message", v.show_more_message);
  put(d, "rows_href", v.rows_href);
}

void put_body(data& d, const BodyView& v) {
  put(d, "has_body", v.has_body);
  put(d, "body_html", v.body_html);
  put(d, "body_lang", v.body_lang);
  put(d, "body_dir", v.body_dir);
  put(d, "body_fallback", v.body_fallback);
  put(d, "fallback_notice", v.fallback_notice);
}

void put_token_prices(data& d, const TokenPricesView& v) {
  auto column = [&](const char* price, const char* html, const char* from, const char* sort, const PriceColumnView& c) {
    put(d, price, c.price);
    put(d, html, c.price_html);
    put(d, from, c.from);
    put(d, sort, c.sort);
  };
  column("input_price", "input_price_html", "input_from", "input_sort", v.input);
  column("output_price", "output_price_html", "output_from", "output_sort", v.output);
  column("blended_price", "blended_price_html", "blended_from", "blended_sort", v.blended);
  put(d, "has_prices", v.has_prices);
}

data price_tables_data(const std::vector<PriceTableView>& tables) {
  return list_of(tables, [](const PriceTableView& t) {
    data d;
    put(d, "corner", t.corner);
    put(d, "grid", t.grid);
    put(d, "single", t.single);
    put(d, "columns", list_of(t.columns, [](const PriceColumnHeadView& c) {
          data o;
          put(o, "label", c.label);
          put(o, "ltr", c.ltr);
          return o;
        }));
    put(d, "rows", list_of(t.rows, [](const PriceRowView& r) {
          data o;
          put(o, "meter", r.meter);
          put(o, "label", r.label);
          put(o, "detail", r.detail);
          put(o, "has_detail", r.has_detail);
          put(o, "cells", list_of(r.cells, [](const PriceCellView& c) {
                data x;
                put(x, "has_price", c.has_price);
                put(x, "price", c.price);
                put(x, "list_price", c.list_price);
                put(x, "discount", c.discount);
                put(x, "has_list_price", c.has_list_price);
                put(x, "has_discount", c.has_discount);
                return x;
              }));
          return o;
        }));
    return d;
  });
}

data api_groups_data(const std::vector<ApiGroupView>& groups) {
  return list_of(groups, [](const ApiGroupView& g) {
    data d;
    put(d, "id", g.id);
    put(d, "title", g.title);
    put(d, "method", g.method);
    put(d, "path", g.path);
    put(d, "tabs", list_of(g.tabs, [](const SnippetTabView& t) {
          data o;
          put(o, "target", t.target);
          put(o, "label", t.label);
          put(o, "language", t.language);
          put(o, "code_html", t.code_html);
          put(o, "tab_id", t.tab_id);
          put(o, "panel_id", t.panel_id);
          put(o, "selected", t.selected);
          return o;
        }));
    put(d, "example_response_html", g.example_response_html);
    put(d, "has_example_response", g.has_example_response);
    if (!g.stream) {
      put(d, "params_html", g.params_html);
      put(d, "has_params", g.has_params);
    }
    return d;
  });
}

data model_summary_data(const ModelSummaryView& v) {
  data d;
  put(d, "name", v.name);
  put(d, "id", v.id);
  put(d, "provider", v.provider);
  put(d, "provider_id", v.provider_id);
  put(d, "provider_initial", v.provider_initial);
  put(d, "provider_url", v.provider_url);
  put(d, "status", v.status);
  put(d, "status_label", v.status_label);
  put(d, "show_status", v.show_status);
  put(d, "status_note", v.status_note);
  put(d, "replacements", replacements_data(v.replacements));
  put(d, "has_replacements", v.has_replacements);
  return d;
}

}  // namespace

FieldNameRecorder::FieldNameRecorder() : outer_(active_recorder) {
  active_recorder = this;
  recorded_names = &names_;
}

FieldNameRecorder::~FieldNameRecorder() {
  active_recorder = outer_;
  recorded_names = outer_ ? &outer_->names_ : nullptr;
}

TemplateData to_data(const HomeView& v) {
  data d = base_data(v.base);
  put(d, "lead", v.lead);
  put(d, "catalog_href", v.catalog_href);
  put(d, "pricing_href", v.pricing_href);
  put(d, "providers", list_of(v.providers, [](const HomeProviderView& p) {
        data o;
        put(o, "name", p.name);
        put(o, "id", p.id);
        put(o, "count", p.count);
        put(o, "models", cards_data(p.models));
        put(o, "has_more", p.has_more);
        put(o, "more", p.more);
        return o;
      }));
  put(d, "pages", list_of(v.pages, [](const PageLinkView& p) {
        data o;
        put(o, "title", p.title);
        put(o, "href", p.href);
        return o;
      }));
  put(d, "has_pages", v.has_pages);
  return d;
}

TemplateData to_data(const CatalogView& v) {
  data d = base_data(v.base);
  put_pager(d, v.pager);
  put(d, "lead", v.lead);
  put_list_form(d, v.form);
  put(d, "models", list_of(v.models, [](const CatalogRowView& r) {
        data o = card_data(r.card);
        put(o, "provider_id", r.provider_id);
        put(o, "modalities_html", r.modalities_html);
        put(o, "modality_tokens", r.modality_tokens);
        put(o, "endpoint_tokens", r.endpoint_tokens);
        put(o, "capability_tokens", r.capability_tokens);
        put(o, "context_compact", r.context_compact);
        put(o, "context_sort", r.context_sort);
        put_token_prices(o, r.prices);
        return o;
      }));
  put(d, "filters", list_of(v.filters, [](const FilterView& f) {
        data o;
        put(o, "id", f.id);
        put(o, "label", f.label);
        put(o, "options", options_data(f.options));
        return o;
      }));
  return d;
}

TemplateData to_data(const PricingView& v) {
  data d = base_data(v.base);
  put_pager(d, v.pager);
  put_list_form(d, v.form);
  put(d, "providers", options_data(v.providers));
  put(d, "models", list_of(v.models, [](const PricingRowView& r) {
        data o = link_data(r.link);
        put(o, "provider", r.provider);
        put(o, "status_label", r.status_label);
        put(o, "status", r.status);
        put_token_prices(o, r.prices);
        put(o, "input_list", r.input_list);
        put(o, "has_input_list", r.has_input_list);
        put(o, "output_list", r.output_list);
        put(o, "has_output_list", r.has_output_list);
        put(o, "discount", r.discount);
        put(o, "has_discount", r.has_discount);
        put(o, "other_html", r.other_html);
        put(o, "has_other", r.has_other);
        put(o, "has_any_price", r.has_any_price);
        return o;
      }));
  put(d, "chart_svg", v.chart_svg);
  put(d, "has_chart", v.has_chart);
  return d;
}

TemplateData to_data(const DeprecationsView& v) {
  data d = base_data(v.base);
  put_pager(d, v.pager);
  put(d, "models", list_of(v.models, [](const DeprecationRowView& r) {
        data o = link_data(r.link);
        put(o, "provider", r.provider);
        put(o, "status", r.status);
        put(o, "status_label", r.status_label);
        put(o, "deprecated_on", r.deprecated_on);
        put(o, "retired_on", r.retired_on);
        put(o, "deprecated_iso", r.deprecated_iso);
        put(o, "retired_iso", r.retired_iso);
        put(o, "has_deprecated_on", r.has_deprecated_on);
        put(o, "has_retired_on", r.has_retired_on);
        put(o, "replacements", replacements_data(r.replacements));
        put(o, "has_replacements", r.has_replacements);
        return o;
      }));
  put(d, "has_models", v.has_models);
  return d;
}

TemplateData to_data(const EndpointsView& v) {
  data d = base_data(v.base);
  put_pager(d, v.pager);
  put(d, "endpoints", list_of(v.endpoints, [](const EndpointSummaryView& e) {
        data o;
        put(o, "id", e.id);
        put(o, "title", e.title);
        put(o, "path", e.path);
        put(o, "models", list_of(e.models, link_data));
        put(o, "summary_html", e.summary_html);
        return o;
      }));
  put(d, "header", list_of(v.header, [](const std::string& title) {
        data o;
        put(o, "title", title);
        return o;
      }));
  put(d, "matrix", list_of(v.matrix, [](const EndpointRowView& r) {
        data o = link_data(r.link);
        put(o, "cells", list_of(r.cells, [](const EndpointCellView& c) {
              data x;
              put(x, "yes", c.yes);
              put(x, "label", c.label);
              return x;
            }));
        return o;
      }));
  return d;
}

TemplateData to_data(const ModelView& v) {
  data d = base_data(v.base);
  put(d, "catalog_href", v.catalog_href);
  put(d, "model", model_summary_data(v.model));
  put(d, "facts", list_of(v.facts, [](const FactView& f) {
        data o;
        put(o, "label", f.label);
        put(o, "value_html", f.value_html);
        put(o, "ltr", f.ltr);
        return o;
      }));
  put(d, "capabilities", list_of(v.capabilities, [](const CapabilityView& c) {
        data o;
        put(o, "label", c.label);
        put(o, "id", c.id);
        return o;
      }));
  put(d, "has_capabilities", !v.capabilities.empty());
  put(d, "has_pricing", v.has_pricing);
  if (v.price_tables) {
    put(d, "price_tables", price_tables_data(*v.price_tables));
    put(d, "currency", v.currency);
  }
  put_body(d, v.body);
  put(d, "api_groups", api_groups_data(v.api_groups));
  put(d, "has_api", !v.api_groups.empty());
  put(d, "api_intro", v.api_intro);
  put(d, "key_env", v.key_env);
  if (v.playground_url) {
    put(d, "playground_url", *v.playground_url);
    put(d, "has_playground", true);
  }
  put(d, "related", cards_data(v.related));
  put(d, "has_related", !v.related.empty());
  return d;
}

TemplateData to_data(const FreePageView& v) {
  data d = base_data(v.base);
  put(d, "slug", v.slug);
  put_body(d, v.body);
  return d;
}

TemplateData to_data(const NotFoundView& v) { return base_data(v.base); }

TemplateData to_data(const RootIndexView& v) {
  data d = base_data(v.base);
  put(d, "choices", list_of(v.choices, [](const LocaleChoiceView& c) {
        data o;
        put(o, "lang", c.lang);
        put(o, "dir", c.dir);
        put(o, "name", c.name);
        put(o, "prompt", c.prompt);
        put(o, "href", c.href);
        return o;
      }));
  put(d, "locales_json", v.locales_json);
  put(d, "default_locale", v.default_locale);
  return d;
}

TemplateData to_data(const ApiParamsView& v) {
  data d;
  put(d, "has_params", !v.params.empty());
  put(d, "params", list_of(v.params, [](const ApiParamView& p) {
        data o;
        put(o, "name", p.name);
        put(o, "type", p.type);
        put(o, "required", p.required);
        put(o, "is_required", p.is_required);
        put(o, "description", p.description);
        put(o, "description_lang", p.description_lang);
        put(o, "description_dir", p.description_dir);
        put(o, "description_fallback", p.description_fallback);
        return o;
      }));
  return d;
}

}  // namespace ms

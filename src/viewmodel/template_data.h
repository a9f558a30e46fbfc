// Views as kainjow data: one function per view, the only place where field names are spelled
// the way templates read them (templates/README.md lists every one).
#pragma once
#include <set>
#include <string>

#include "templates/templates.h"
#include "viewmodel/views.h"

namespace ms {

TemplateData to_data(const HomeView& v);
TemplateData to_data(const CatalogView& v);
TemplateData to_data(const PricingView& v);
TemplateData to_data(const DeprecationsView& v);
TemplateData to_data(const EndpointsView& v);
TemplateData to_data(const ModelView& v);
TemplateData to_data(const FreePageView& v);
TemplateData to_data(const NotFoundView& v);
TemplateData to_data(const RootIndexView& v);
TemplateData to_data(const ApiParamsView& v);

/// While alive, records on this thread the name of every field that to_data() sets, at any
/// depth (for the test of templates/README.md against the views).
class FieldNameRecorder {
 public:
  FieldNameRecorder();
  ~FieldNameRecorder();
  FieldNameRecorder(const FieldNameRecorder&) = delete;
  FieldNameRecorder& operator=(const FieldNameRecorder&) = delete;
  const std::set<std::string>& names() const { return names_; }

 private:
  std::set<std::string> names_;
  FieldNameRecorder* outer_;
};

}  // namespace ms

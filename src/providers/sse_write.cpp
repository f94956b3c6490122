#include "providers/sse_write.h"

#include <boost/json.hpp>

namespace sb {

std::string sse_event(std::string_view type, const boost::json::object& data) {
  std::string out = "event: ";
  out += type;
  out += "\ndata: ";
  out += boost::json::serialize(data);
  out += "\n\n";
  return out;
}

}  // namespace sb

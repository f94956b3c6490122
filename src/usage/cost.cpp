#include "usage/cost.h"

namespace sb {

double cost_usd(const Usage& u, const ModelPrice& p) {
  const double per_token = 1e-6;
  return per_token * (static_cast<double>(u.input) * p.input +
                      static_cast<double>(u.cache_read) * p.cache_read +
                      static_cast<double>(u.cache_write) * p.cache_write +
                      static_cast<double>(u.output) * p.output);
}

}  // namespace sb

#pragma once
// The one place that includes xtensor: upstream moved its headers in 0.26 (Debian 12 has 0.24.3).

#if __has_include(<xtensor/containers/xarray.hpp>)
#include <xtensor/containers/xarray.hpp>
#else
#include <xtensor/xarray.hpp>
#endif

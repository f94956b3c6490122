// The process exit codes of every verb (SPEC §6 "exit codes that mean something"), shared by
// main.cpp and the verbs implemented outside it so a script can tell the cases apart: 1 is "it
// ran and something went wrong", 2 "you asked for something that cannot be done as written".
#pragma once

namespace sb::cli {

enum Exit {
  kOk = 0,
  kFailure = 1,       // a failure at run time (gateway not running for `status`, refused token)
  kUsage = 2,         // bad arguments, including a group or account the config does not have
  kBadConfig = 3,     // the configuration does not load
  kCannotListen = 4,  // `serve` cannot bind its address
};

}  // namespace sb::cli

// placeholder, replaced by the fake provider implementation
namespace sb::fake {}

// Media metadata and the plugin registry on an in-memory CMS database: register uploads, list
// the images of a folder, read the statistics, purge the trash; install two plugins, see the
// dependency rule refuse an activation, then activate both and list a hook's handlers.
#include <chrono>
#include <iostream>
#include <map>
#include <string>
#include <vellum/cms.hpp>
#include <vellum/vellum.hpp>

namespace v = vellum;
namespace cms = vellum::cms;

int main() try {
  v::database db{":memory:"};
  cms::store store{db};
  const auto setup = cms::actor::system("example");
  const cms::user ada = store.users().create(setup, {.email = "ada@example.com", .username = "ada", .role = cms::user_role::admin});
  const auto admin = cms::actor::user(ada.id);

  // vellum keeps the metadata; the bytes are wherever the host stored them, under storage_key.
  auto media = store.media();
  const auto cat = media.register_upload(admin, {.filename = "a1.jpg", .original_name = "Cat.jpg", .mime_type = "image/jpeg",
                                                 .size = 48213, .width = 640, .height = 480, .folder = "blog",
                                                 .storage_key = "blog/a1.jpg", .public_url = "https://cdn.example.com/blog/a1.jpg",
                                                 .alt = "A cat", .tags = {"cats"}});
  (void)media.register_upload(admin, {.filename = "b2.pdf", .original_name = "Menu.pdf", .mime_type = "application/pdf",
                                      .size = 120000, .folder = "blog", .storage_key = "blog/b2.pdf",
                                      .public_url = "https://cdn.example.com/blog/b2.pdf"});
  for (const auto& m : media.list({.folder = "blog", .mime_prefix = "image/"}).items)
    std::cout << "image " << m.original_name << " " << m.width.value_or(0) << "x" << m.height.value_or(0) << "\n";
  for (const auto& t : media.totals_by_type()) std::cout << t.group << ": " << t.count << " files, " << t.total_size << " bytes\n";

  (void)media.soft_delete(admin, cat.id);
  for (const auto& gone : media.purge_deleted(setup, std::chrono::days(0)))
    std::cout << "purged " << gone.id << ": delete the bytes at " << gone.storage_key << "\n";

  auto plugins = store.plugins();
  const auto forms = plugins.install(admin, {.name = "forms", .display_name = "Forms", .version = "1.0.0", .author = "Acme",
                                             .category = "content", .dependencies = {"email"}});
  const auto email = plugins.install(admin, {.name = "email", .display_name = "E-mail", .version = "2.3.1",
                                             .author = "Acme", .category = "messaging"});
  (void)plugins.add_hook(admin, forms.id, {.hook_name = "form:submit", .handler_name = "store", .priority = 20});
  (void)plugins.add_hook(admin, email.id, {.hook_name = "form:submit", .handler_name = "notify", .priority = 5});
  try {
    (void)plugins.activate(admin, forms.id);
  } catch (const v::invalid_state& e) {
    std::cout << "refused: " << e.what() << "\n";
  }
  (void)plugins.activate(admin, email.id);
  (void)plugins.activate(admin, forms.id);
  std::map<std::string, std::string> names;  // plugin id -> name, read once
  for (const auto& p : plugins.list()) names[p.id] = p.name;
  for (const auto& hook : plugins.hooks_for("form:submit"))  // priority order
    std::cout << "form:submit -> " << names[hook.plugin_id] << "." << hook.handler_name << "\n";
  return 0;
} catch (const std::exception& e) {
  std::cerr << "error: " << e.what() << "\n";
  return 1;
}

"""Signing in, roles, user management (page and ``cli.py user``), in Spanish and English (data only)."""

from __future__ import annotations

WORDS: dict[str, dict[str, str]] = {
    # -- navigation ------------------------------------------------------------------------
    "nav.section.public": {"es": "Ciudadanía", "en": "The public"},
    "nav.public": {"es": "Transparencia", "en": "Transparency"},
    "nav.login": {"es": "Ingresar", "en": "Sign in"},
    "nav.briefing": {"es": "Informe a la Alcaldía", "en": "Mayor's briefing"},
    "nav.publish": {"es": "Publicar", "en": "Publish"},
    "nav.users": {"es": "Usuarios", "en": "Users"},
    # -- roles -----------------------------------------------------------------------------
    "role.public": {"es": "ciudadanía (sin ingreso)", "en": "public (not signed in)"},
    "role.planner": {"es": "planeación", "en": "planner"},
    "role.mayor_office": {"es": "Alcaldía", "en": "mayor's office"},
    "role.admin": {"es": "administración", "en": "administrator"},
    # -- signing in ------------------------------------------------------------------------
    "auth.title": {"es": "Ingresar", "en": "Sign in"},
    "auth.needed": {
        "es": "Esta página es de uso interno: ingrese con su usuario para verla. La ciudadanía ve la página de Transparencia.",
        "en": "This page is for internal use: sign in to see it. The public sees the Transparency page.",
    },
    "auth.name": {"es": "Usuario", "en": "User name"},
    "auth.password": {"es": "Contraseña", "en": "Password"},
    "auth.submit": {"es": "Ingresar", "en": "Sign in"},
    "auth.sso": {
        "es": "Ingresar con la cuenta de la Alcaldía",
        "en": "Sign in with the city's account",
    },
    "auth.sso.or": {"es": "o con usuario y contraseña:", "en": "or with a user name and password:"},
    "auth.sso_only": {
        "es": "Esta ciudad ingresa solo con su inicio de sesión único: use el botón de arriba.",
        "en": "This city signs in only through its single sign-on: use the button above.",
    },
    "auth.failed": {
        "es": "Usuario o contraseña incorrectos. Podrá intentarlo de nuevo en {seconds} s.",
        "en": "Wrong user name or password. You can try again in {seconds} s.",
    },
    "auth.wait": {
        "es": "Demasiados intentos fallidos: espere {seconds} s antes de intentarlo de nuevo.",
        "en": "Too many failed attempts: wait {seconds} s before trying again.",
    },
    "auth.expired": {
        "es": "Su sesión se cerró tras {minutes:g} minutos sin actividad. Ingrese de nuevo.",
        "en": "Your session was closed after {minutes:g} minutes without activity. Sign in again.",
    },
    "auth.signed_out": {"es": "Salió de su sesión.", "en": "You signed out."},
    "auth.revoked": {
        "es": "Su usuario ya no tiene acceso: ingrese de nuevo o consulte a la administración.",
        "en": "Your user no longer has access: sign in again or ask an administrator.",
    },
    "auth.public_hint": {
        "es": "Sin usuario puede ver la página de Transparencia: datos agregados y publicados, sin ningún registro individual.",
        "en": "Without an account you can see the Transparency page: published aggregates, never an individual record.",
    },
    "auth.signed_in_as": {
        "es": "Ingresó como {user} ({role})",
        "en": "Signed in as {user} ({role})",
    },
    "auth.sign_out": {"es": "Salir", "en": "Sign out"},
    "auth.denied.title": {"es": "Página no disponible", "en": "Page not available"},
    "auth.denied": {
        "es": "Su rol ({role}) no da acceso a esta página. Elija otra en el menú.",
        "en": "Your role ({role}) does not open this page. Pick another one in the menu.",
    },
    # -- the Users page ----------------------------------------------------------------------
    "users.title": {"es": "Usuarios", "en": "Users"},
    "users.intro": {
        "es": "Quién puede ingresar y con qué rol. Las contraseñas se guardan solo como un hash Argon2id en el espacio de trabajo; nadie puede leerlas, ni aquí.",
        "en": "Who may sign in, and with which role. Passwords are kept only as an Argon2id hash in the workspace; nobody can read them, here included.",
    },
    "users.roles": {
        "es": "**Alcaldía**: el informe, el mapa, tendencias y evaluación. **Planeación**: además, recomendaciones, datos y publicar. **Administración**: además, los usuarios.",
        "en": "**Mayor's office**: the briefing, the map, trends and the evaluation. **Planner**: also the recommendations, the data and publishing. **Administrator**: also the users.",
    },
    "users.col.name": {"es": "Usuario", "en": "User"},
    "users.col.role": {"es": "Rol", "en": "Role"},
    "users.col.created_at": {"es": "Creado", "en": "Created"},
    "users.col.updated_at": {"es": "Modificado", "en": "Changed"},
    "users.none": {"es": "Aún no hay usuarios.", "en": "No users yet."},
    "users.add": {"es": "Agregar un usuario", "en": "Add a user"},
    "users.role": {"es": "Rol", "en": "Role"},
    "users.password.new": {"es": "Contraseña", "en": "Password"},
    "users.password.help": {
        "es": "Al menos 10 caracteres, distinta del usuario.",
        "en": "At least 10 characters, not the user name.",
    },
    "users.add.button": {"es": "Agregar", "en": "Add"},
    "users.added": {"es": "Se agregó a {user} ({role}).", "en": "{user} ({role}) was added."},
    "users.change": {"es": "Cambiar un usuario", "en": "Change a user"},
    "users.pick": {"es": "Usuario", "en": "User"},
    "users.passwd.button": {"es": "Cambiar la contraseña", "en": "Change the password"},
    "users.passwd.done": {
        "es": "Se cambió la contraseña de {user}.",
        "en": "{user}'s password was changed.",
    },
    "users.role.button": {"es": "Cambiar el rol", "en": "Change the role"},
    "users.role.done": {
        "es": "{user} ahora tiene el rol {role}.",
        "en": "{user} now has the role {role}.",
    },
    "users.remove.button": {"es": "Quitar este usuario", "en": "Remove this user"},
    "users.remove.confirm": {
        "es": "Confirmo que quiero quitar a {user}",
        "en": "I confirm I want to remove {user}",
    },
    "users.removed": {"es": "Se quitó a {user}.", "en": "{user} was removed."},
    "users.error.bad_name": {
        "es": "El nombre de usuario «{name}» no sirve: entre 1 y {max_length} caracteres, sin caracteres de control.",
        "en": "The user name '{name}' cannot be used: 1 to {max_length} characters, no control characters.",
    },
    "users.error.bad_role": {
        "es": "«{role}» no es un rol: use planner, mayor_office o admin.",
        "en": "'{role}' is not a role: use planner, mayor_office or admin.",
    },
    "users.error.weak_password": {
        "es": "La contraseña de {name} es débil: al menos {min_length} caracteres y distinta del usuario.",
        "en": "{name}'s password is weak: at least {min_length} characters, and not the user name.",
    },
    "users.error.exists": {
        "es": "Ya existe un usuario llamado {name}.",
        "en": "A user named {name} already exists.",
    },
    "users.error.no_such_user": {
        "es": "No hay ningún usuario llamado {name}.",
        "en": "There is no user named {name}.",
    },
    "users.error.last_admin": {
        "es": "{name} es la última cuenta de administración: cree otra antes de quitarla o cambiarle el rol.",
        "en": "{name} is the last administrator: add another before removing it or changing its role.",
    },
    # -- cli.py user -------------------------------------------------------------------------
    "cli.help.user.help": {
        "es": "usuarios que pueden ingresar a la app y su rol",
        "en": "the users who may sign in to the app, and their roles",
    },
    "cli.help.user.description": {
        "es": "Gestiona los usuarios del espacio de trabajo: contraseñas guardadas solo como hash Argon2id.",
        "en": "Manage the workspace's users: passwords are kept only as an Argon2id hash.",
    },
    "cli.help.user.add": {
        "es": "agregar un usuario (pide la contraseña dos veces)",
        "en": "add a user (asks for the password twice)",
    },
    "cli.help.user.list": {
        "es": "listar usuarios y roles (nunca contraseñas)",
        "en": "list users and roles (never passwords)",
    },
    "cli.help.user.remove": {"es": "quitar un usuario", "en": "remove a user"},
    "cli.help.user.passwd": {"es": "cambiar la contraseña", "en": "change a password"},
    "cli.help.user.role": {"es": "cambiar el rol", "en": "change a role"},
    "cli.help.user.workspace": {
        "es": "espacio de trabajo donde viven los usuarios (un GeoPackage o postgresql://…)",
        "en": "workspace the users live in (a GeoPackage or postgresql://…)",
    },
    # -- cli.py db ---------------------------------------------------------------------------
    "cli.help.db.help": {
        "es": "roles de la base de datos de un espacio de trabajo PostGIS",
        "en": "database roles of a PostGIS workspace",
    },
    "cli.help.db.public_role": {
        "es": "crear (o restringir) el rol con el que se conecta la página pública: lee las publicaciones y nada más",
        "en": "create (or restrict) the role the public page connects as: it reads the published snapshots and nothing else",
    },
    "cli.help.db.role": {"es": "nombre del rol", "en": "role name"},
    "cli.help.db.workspace": {
        "es": "el espacio de trabajo PostGIS (postgresql://usuario@servidor:puerto/base)",
        "en": "the PostGIS workspace (postgresql://user@host:port/db)",
    },
    "cli.help.db.password_stdin": {
        "es": "darle al rol una contraseña, leída de la entrada estándar (una línea)",
        "en": "give the role a password, read from standard input (one line)",
    },
    "cli.db.done": {
        "es": "el rol {role} puede leer las publicaciones de {workspace} y nada más; sirva la página pública con CONVIVENCIA_PUBLIC_WORKSPACE={address}",
        "en": "role {role} may read the published snapshots of {workspace} and nothing else; serve the public page with CONVIVENCIA_PUBLIC_WORKSPACE={address}",
    },
    "cli.help.user.name": {"es": "nombre de usuario", "en": "user name"},
    "cli.help.user.sso": {
        "es": "un usuario del inicio de sesión único de la ciudad (su nombre es su correo): sin contraseña propia, nunca entra con una",
        "en": "a user of the city's single sign-on (the name is the e-mail): no password of its own, never signs in with one",
    },
    "cli.help.user.role_choice": {"es": "rol: {roles}", "en": "role: {roles}"},
    "cli.help.user.password_stdin": {
        "es": "leer la contraseña de la entrada estándar (una línea), para scripts",
        "en": "read the password from standard input (one line), for scripts",
    },
    "cli.user.password": {"es": "Contraseña de {user}: ", "en": "Password for {user}: "},
    "cli.user.password_again": {"es": "Repítala: ", "en": "Again: "},
    "cli.user.mismatch": {
        "es": "las dos contraseñas no coinciden; no se cambió nada",
        "en": "the two passwords differ; nothing was changed",
    },
    "cli.user.none": {"es": "no hay usuarios", "en": "no users"},
    "cli.user.no_terminal": {
        "es": "no hay una terminal para pedir la contraseña: pásela por la entrada estándar con --password-stdin",
        "en": "there is no terminal to ask for the password: pass it on standard input with --password-stdin",
    },
    "cli.user.failed": {"es": "no se pudo: {error}", "en": "could not do it: {error}"},
    "cli.user.done.add": {"es": "se agregó {user} ({role})", "en": "added {user} ({role})"},
    "cli.user.done.passwd": {
        "es": "se cambió la contraseña de {user}",
        "en": "changed {user}'s password",
    },
    "cli.user.done.remove": {"es": "se quitó {user}", "en": "removed {user}"},
    "cli.user.done.role": {"es": "{user} ahora es {role}", "en": "{user} is now {role}"},
    "cli.demo.extras": {
        "es": "publicada la versión {version} para la página de Transparencia; cuentas de demostración (usuario, rol, contraseña) en {accounts}",
        "en": "published version {version} for the Transparency page; demo accounts (user, role, password) in {accounts}",
    },
}

"""The routes of the web page (Starlette).

    GET  /                          the page (and its form token, in a cookie and in the page)
    GET  /estaticos/…               its script, style and icons: nothing comes from the internet
    GET  /libro-nuevo.xlsx          the empty workbook (``reporte-docx libro-nuevo``)
    GET  /plantilla-oficial.docx    the official template
    POST /libro-siguiente           last quarter's workbook in, the next quarter's .xlsx out
    POST /incorporar                a report edited in Word and its workbook in: the changes
                                    (JSON) and the workbook with them
    POST /trabajos                  an upload: workbook (or .zip), photos, own template
    GET  /trabajos/{id}             what the page polls: place in line, progress, findings
    POST /trabajos/{id}/cancelar    stop it
    POST /trabajos/{id}/borrar      delete its files now
    GET  /trabajos/{id}/reporte.docx, /reporte.pdf, /paginas/{n}.jpg
    GET  /trabajos/{id}/version-publica.docx, /version-publica.pdf   (when asked for)

Job ids are long random strings, and a job is seen only by the browser that
uploaded it (its token cookie): anyone else gets the same 404 as for an id that
does not exist.
"""

from __future__ import annotations

import base64
import contextlib
import secrets
import shutil
import tempfile
import unicodedata
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

import anyio
from jinja2 import Environment, PackageLoader
from starlette.applications import Starlette
from starlette.background import BackgroundTask
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from reporte_docx import api
from reporte_docx.errores import ErrorDeDatos, ErrorReporte
from reporte_docx.version import __version__
from reporte_docx.web.configuracion import Configuracion
from reporte_docx.web.seguridad import (
    CABECERA_TOKEN,
    COOKIE_TOKEN,
    Seguridad,
    token_de_cookie,
    token_valido,
)
from reporte_docx.web.subida import Subida, SubidaRechazada, preparar_libro, recibir
from reporte_docx.web.trabajador import Pedido
from reporte_docx.web.trabajos import Gestor, Trabajo

#: How often finished jobs past their life are cleaned up.
INTERVALO_LIMPIEZA = 30.0
MENSAJES_HTTP = {
    400: "la petición no es válida",
    403: "no permitido",
    404: "no existe esa dirección (o el trabajo ya se borró)",
    405: "método no permitido",
    410: "los archivos de este trabajo ya se borraron del servidor; vuelva a subir el libro",
}
TIPOS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def disposicion(nombre: str, tipo: str = "attachment") -> str:
    """``Content-Disposition`` for *nombre*: an ASCII fallback and the exact UTF-8 name.

    RFC 6266: old clients read ``filename`` (accents dropped, quotes and
    separators replaced), current browsers ``filename*`` (percent-encoded UTF-8,
    so no quote or line break of the user's file name can end the header).
    """
    sin_acentos = "".join(
        c for c in unicodedata.normalize("NFKD", nombre) if not unicodedata.combining(c)
    )
    respaldo = "".join(
        c if c.isascii() and c.isprintable() and c not in '"\\;%' else "_" for c in sin_acentos
    )
    return f"{tipo}; filename=\"{respaldo}\"; filename*=UTF-8''{quote(nombre, safe='')}"


def _error(
    estado: int, mensaje: str | None = None, cabeceras: dict[str, str] | None = None
) -> JSONResponse:
    """A refusal the page shows as it is: ``mensaje`` in Spanish, never a trace or a path."""
    return JSONResponse(
        {"mensaje": mensaje or MENSAJES_HTTP.get(estado, "error")},
        status_code=estado,
        headers=cabeceras,
    )


class Aplicacion:
    """The routes bound to one job manager and one configuration."""

    def __init__(self, config: Configuracion):
        self.config = config
        self.raiz = Path(tempfile.mkdtemp(prefix="reporte-docx-servir-"))
        self.gestor = Gestor(config, self.raiz)
        self.entorno = Environment(
            loader=PackageLoader("reporte_docx.web", "plantillas"), autoescape=True
        )
        self._libro_nuevo: bytes | None = None

    # ------------------------------------------------------------------ the page

    async def pagina(self, request: Request) -> Response:
        token = token_de_cookie(dict(request.headers)) or _nuevo_token()
        limites = self.config.limites
        html = self.entorno.get_template("pagina.html").render(
            token=token,
            version=__version__,
            libreoffice=api.buscar_libreoffice() is not None,
            peticion=limites.peticion,
            peticion_mb=limites.peticion // 1024 // 1024,
            archivos=limites.archivos,
            vida_min=round(self.config.vida / 60),
        )
        respuesta = HTMLResponse(html)
        respuesta.set_cookie(COOKIE_TOKEN, token, httponly=True, samesite="strict", path="/")
        return respuesta

    async def libro_nuevo(self, request: Request) -> Response:
        if self._libro_nuevo is None:
            with tempfile.TemporaryDirectory(prefix="reporte-docx-libro-") as tmp:
                ruta = await anyio.to_thread.run_sync(
                    api.crear_libro_nuevo, Path(tmp, "libro_nuevo.xlsx")
                )
                self._libro_nuevo = ruta.read_bytes()
        return Response(
            self._libro_nuevo,
            media_type=TIPOS["xlsx"],
            headers={"content-disposition": disposicion("libro_nuevo.xlsx")},
        )

    async def plantilla_oficial(self, request: Request) -> Response:
        return FileResponse(
            api.plantilla_oficial(),
            media_type=TIPOS["docx"],
            headers={"content-disposition": disposicion("plantilla_oficial.docx")},
        )

    async def libro_siguiente(self, request: Request) -> Response:
        """The next quarter's workbook from the last one's, uploaded: one request, no job.

        Reading a workbook takes a second or two, so the answer is the download itself.
        """

        def descarga(subida: Subida) -> Response:
            datos, nombre = _siguiente(subida)
            cabeceras = {"content-disposition": disposicion(nombre)}
            return Response(datos, media_type=TIPOS["xlsx"], headers=cabeceras)

        return await self._de_una_vez(request, "reporte-docx-siguiente-", descarga)

    async def incorporar(self, request: Request) -> Response:
        """The corrections of a report edited in Word, written into its workbook: one request.

        The answer is JSON: each change (where, what it was, what it is now) and, if
        there is any, the updated workbook in base64, which the page offers as a
        download; nothing stays on the server.
        """
        return await self._de_una_vez(
            request, "reporte-docx-incorporar-", lambda subida: JSONResponse(_incorporar(subida))
        )

    async def _de_una_vez(
        self, request: Request, prefijo: str, atender: Callable[[Subida], Response]
    ) -> Response:
        """An upload answered in the same request, without a job: its files go to a temporary
        folder removed before the answer is sent, with the same token and size limits as a
        job's upload; *atender* (run in a thread) makes the answer. A refusal is the page's
        JSON message."""
        cabeceras = dict(request.headers)
        por_cabecera = self._token(request)
        with tempfile.TemporaryDirectory(prefix=prefijo) as tmp:
            try:
                subida = await recibir(
                    cabeceras,
                    request.stream(),
                    Path(tmp),
                    self.config.limites,
                    None if por_cabecera else (lambda enviado: token_valido(cabeceras, enviado)),
                )
                return await anyio.to_thread.run_sync(atender, subida)
            except SubidaRechazada as e:
                return _error(e.estado, str(e))

    # ------------------------------------------------------------------ jobs

    def _token(self, request: Request, campo: str | None = None) -> bool:
        cabeceras = dict(request.headers)
        return token_valido(cabeceras, request.headers.get(CABECERA_TOKEN) or campo)

    async def crear(self, request: Request) -> Response:
        cabeceras = dict(request.headers)
        por_cabecera = self._token(request)
        if self.gestor.activos() >= self.config.en_fila:
            return _error(
                503,
                "el servidor está ocupado con otros trabajos; vuelva a intentarlo en unos minutos",
                {"retry-after": "60"},
            )
        t = self.gestor.nuevo(token_de_cookie(cabeceras) or "")
        try:
            subida = await recibir(
                cabeceras,
                request.stream(),
                t.carpeta,
                self.config.limites,
                None if por_cabecera else (lambda enviado: token_valido(cabeceras, enviado)),
            )
            if subida.libro is None and subida.zip is None and not subida.fotos:
                if subida.plantilla is None:
                    raise SubidaRechazada("elija el libro de Excel (.xlsx) o un .zip")
                libro = None
            else:
                libro = await anyio.to_thread.run_sync(preparar_libro, subida, self.config.limites)
        except SubidaRechazada as e:
            self.gestor.olvidar(t)
            return _error(e.estado, str(e))
        except BaseException:  # the browser went away mid-upload, or a bug: nothing is kept
            self.gestor.olvidar(t)
            raise
        nombre = Path(libro.name).stem if libro else "plantilla"
        publica = subida.campos.get("version_publica") == "sí"
        self.gestor.encolar(t, Pedido(t.carpeta, libro, subida.plantilla, publica), nombre)
        return JSONResponse({"id": t.id, "estado": f"/trabajos/{t.id}"}, status_code=202)

    def _trabajo(self, request: Request) -> Trabajo:
        t = self.gestor.obtener(request.path_params["id"], token_de_cookie(dict(request.headers)))
        if t is None:
            raise HTTPException(404)
        return t

    async def estado(self, request: Request) -> Response:
        t = self._trabajo(request)
        return JSONResponse(t.como_dict(self.gestor.lugar(t)))

    async def cancelar(self, request: Request) -> Response:
        return self._accion(request, self.gestor.cancelar)

    async def borrar(self, request: Request) -> Response:
        return self._accion(request, self.gestor.borrar)

    def _accion(self, request: Request, accion: Callable[[Trabajo], None]) -> Response:
        """A button of the page on one job: only with the form's token."""
        t = self._trabajo(request)
        if not self._token(request):
            return _error(403, "falta el código del formulario; recargue la página")
        accion(t)
        return JSONResponse(t.como_dict(self.gestor.lugar(t)))

    async def descargar(self, request: Request) -> Response:
        return self._descargar(request, request.path_params["tipo"], "")

    async def descargar_publica(self, request: Request) -> Response:
        """The public version (versión pública), when the job was asked for one."""
        return self._descargar(request, request.path_params["tipo"], "publica-")

    def _descargar(self, request: Request, extension: str, prefijo: str) -> Response:
        t = self._trabajo(request)
        tipo = prefijo + extension
        ruta = t.archivos.get(tipo)
        if ruta is None:
            raise HTTPException(404)
        if t.borrado or not ruta.is_file():
            raise HTTPException(410)
        # only a whole GET is the person taking the file: a HEAD (link checker, download
        # manager) or one range of a resumed download must not delete it
        entera = request.method == "GET" and "range" not in request.headers
        nombre = f"{t.nombre}-version-publica" if prefijo else t.nombre
        return FileResponse(
            ruta,
            media_type=TIPOS[extension],
            headers={"content-disposition": disposicion(f"{nombre}.{extension}")},
            background=BackgroundTask(self.gestor.descargado, t, tipo) if entera else None,
        )

    async def pagina_jpg(self, request: Request) -> Response:
        t = self._trabajo(request)
        numero = request.path_params["numero"]
        if not 1 <= numero <= len(t.paginas):
            raise HTTPException(404)
        ruta = t.carpeta / "salida" / "paginas" / t.paginas[numero - 1]
        if t.borrado or not ruta.is_file():
            raise HTTPException(410)
        return FileResponse(ruta, media_type="image/jpeg")

    # ------------------------------------------------------------------ life

    @contextlib.asynccontextmanager
    async def vida(self, app: Starlette) -> AsyncIterator[None]:
        """Clean up expired jobs while serving; delete everything when the server stops."""

        async def limpiar() -> None:
            while True:
                await anyio.sleep(INTERVALO_LIMPIEZA)
                self.gestor.vencidos()

        try:
            async with anyio.create_task_group() as grupo:
                grupo.start_soon(limpiar)
                try:
                    yield
                finally:
                    grupo.cancel_scope.cancel()
        finally:
            # outside the cancelled scope: inside it, this await would be cancelled at once
            await anyio.to_thread.run_sync(self.cerrar)

    def cerrar(self) -> None:
        self.gestor.cerrar()
        shutil.rmtree(self.raiz, ignore_errors=True)


def _siguiente(subida: Subida) -> tuple[bytes, str]:
    """The next quarter's workbook and its name from the one workbook uploaded.

    Read from bytes under the uploaded name, so that a refusal names the person's file,
    never the server's temporary copy.
    """
    if subida.libro is None or subida.zip is not None or subida.fotos or subida.plantilla:
        raise SubidaRechazada("elija sólo el libro de Excel (.xlsx) del trimestre anterior")
    try:
        return api.libro_siguiente_con_nombre(subida.libro.read_bytes(), nombre=subida.libro.name)
    except ErrorDeDatos as e:
        raise SubidaRechazada("; ".join(str(h) for h in e.hallazgos), 422) from None


def _incorporar(subida: Subida) -> dict[str, Any]:
    """The changes of the edited report in *subida* and, if any, its workbook with them.

    Both files keep the names the person gave them, so that every message names
    their files, never the server's temporary copies.
    """
    if subida.libro is None or subida.editado is None or subida.zip or subida.fotos:
        raise SubidaRechazada("elija el reporte corregido en Word (.docx) y su libro (.xlsx)")
    try:
        r = api.incorporar_edicion(subida.editado, subida.libro)
    except ErrorReporte as e:
        mensaje = str(e)
        for ruta in (subida.editado, subida.libro):  # the person's names, not the server's
            mensaje = mensaje.replace(str(ruta), ruta.name)
        raise SubidaRechazada(mensaje, 422) from None
    cambios = [
        {
            "grupo": c.grupo,
            "campo": c.campo.strip("«»"),  # a table column needs no quotes
            "celda": f"«{c.celda.hoja}»!{c.celda.referencia}",
            "anterior": c.texto_anterior,
            "nuevo": c.texto_nuevo,
        }
        for c in r.cambios
    ]
    libro = base64.b64encode(subida.libro.read_bytes()).decode() if r.cambios else None
    return {
        "cambios": cambios,
        "avisos": [str(h) for h in r.avisos],
        "libro": libro,
        "nombre": subida.libro.name,
    }


def _nuevo_token() -> str:
    """The form token of a browser without one yet: it also marks that browser's jobs."""
    return secrets.token_urlsafe(32)


async def _http(request: Request, exc: Exception) -> Response:
    estado = exc.status_code if isinstance(exc, HTTPException) else 500
    return _error(estado)


async def _inesperado(request: Request, exc: Exception) -> Response:
    # never a traceback or a path on the page; uvicorn logs the detail on the server
    return _error(500, "error inesperado del servidor; vuelva a intentarlo")


def crear_aplicacion(config: Configuracion | None = None) -> Starlette:
    """The ASGI application of ``reporte-docx servir`` for *config*.

    Raises :class:`ValueError` when the server would listen beyond this
    machine without an access key.
    """
    config = config or Configuracion()
    if not config.local and not config.clave:
        raise ValueError("a server reachable from other machines needs an access key (clave)")
    a = Aplicacion(config)
    rutas: list[Any] = [
        Route("/", a.pagina),
        Route("/libro-nuevo.xlsx", a.libro_nuevo),
        Route("/plantilla-oficial.docx", a.plantilla_oficial),
        Route("/libro-siguiente", a.libro_siguiente, methods=["POST"]),
        Route("/incorporar", a.incorporar, methods=["POST"]),
        Route("/trabajos", a.crear, methods=["POST"]),
        Route("/trabajos/{id}", a.estado),
        Route("/trabajos/{id}/cancelar", a.cancelar, methods=["POST"]),
        Route("/trabajos/{id}/borrar", a.borrar, methods=["POST"]),
        Route("/trabajos/{id}/reporte.{tipo:str}", a.descargar),
        Route("/trabajos/{id}/version-publica.{tipo:str}", a.descargar_publica),
        Route("/trabajos/{id}/paginas/{numero:int}.jpg", a.pagina_jpg),
        Mount("/estaticos", StaticFiles(packages=[("reporte_docx.web", "estaticos")])),
    ]
    app = Starlette(
        routes=rutas,
        middleware=[Middleware(Seguridad, config=config)],
        exception_handlers={HTTPException: _http, Exception: _inesperado},
        lifespan=a.vida,
    )
    app.state.aplicacion = a
    return app

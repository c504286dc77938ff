// The page of «reporte-docx servir»: choose or drop the files, upload them, follow the job.
// No framework and nothing from the internet; the server's Content-Security-Policy allows
// only this file as script.
"use strict";

(function () {
  const $ = (id) => document.getElementById(id);
  const LIBRO = /\.(xlsx|xlsm|zip)$/i;
  const AJENOS = /(^|\/)(\.DS_Store|Thumbs\.db|desktop\.ini)$|^__MACOSX\//i;
  const elegido = { libro: null, plantilla: null, fotos: [] };
  let trabajo = null;
  let consulta = null;
  let enCurso = false;  // whether the job «trabajo» may still be waiting or running

  function texto(el, valor) { el.textContent = valor; }
  function mostrar(el, si) { el.hidden = !si; }

  // ---------------------------------------------------------------- choosing files

  function agregarFoto(archivo, ruta) {
    // a folder holding the workbook too is sent whole: the server finds the workbook in it,
    // with its photos where the workbook expects them
    if (!AJENOS.test(ruta)) elegido.fotos.push({ archivo, ruta });
  }

  function resumir() {
    const partes = [];
    if (elegido.libro) partes.push("Libro: «" + elegido.libro.name + "»");
    for (const f of elegido.fotos) {
      if (LIBRO.test(f.ruta) && !/(^|\/)~\$/.test(f.ruta)) partes.push("Libro: «" + f.ruta + "»");
    }
    if (elegido.fotos.length) {
      const carpetas = new Set(elegido.fotos.map((f) => f.ruta.split("/")[0]));
      const donde = elegido.fotos.some((f) => f.ruta.includes("/"))
        ? " (carpeta «" + Array.from(carpetas).join("», «") + "»)" : "";
      partes.push(elegido.fotos.length + (elegido.fotos.length === 1 ? " foto" : " fotos") + donde);
    }
    if (elegido.plantilla) partes.push("Plantilla: «" + elegido.plantilla.name + "»");
    texto($("elegidos"), partes.length ? partes.join(" · ") : "Todavía no eligió ningún archivo.");
    texto($("n-libro"), elegido.libro ? elegido.libro.name : "Ninguno elegido");
    texto($("n-plantilla"), elegido.plantilla ? elegido.plantilla.name : "Ninguna elegida");
    texto($("n-fotos"), elegido.fotos.length ? elegido.fotos.length + " archivo(s)" : "Ninguna elegida");
  }

  function leerEntrada(entrada, ruta) {
    // a dropped folder is walked with the File and Directory Entries API
    return new Promise((listo) => {
      if (entrada.isFile) {
        entrada.file((archivo) => { agregarFoto(archivo, ruta + archivo.name); listo(); }, () => listo());
      } else if (entrada.isDirectory) {
        const lector = entrada.createReader();
        const todas = [];
        const leer = () => lector.readEntries((lote) => {
          if (!lote.length) {
            Promise.all(todas.map((e) => leerEntrada(e, ruta + entrada.name + "/"))).then(listo);
          } else { todas.push(...lote); leer(); }
        }, () => listo());
        leer();
      } else { listo(); }
    });
  }

  async function soltar(evento) {
    evento.preventDefault();
    $("zona").classList.remove("encima");
    const entradas = Array.from(evento.dataTransfer.items || [])
      .map((i) => (i.webkitGetAsEntry ? i.webkitGetAsEntry() : null)).filter(Boolean);
    if (entradas.length) {
      for (const e of entradas) {
        if (e.isFile && /\.docx$/i.test(e.name)) {
          await new Promise((l) => e.file((a) => { elegido.plantilla = a; l(); }, l));
        } else if (e.isFile && LIBRO.test(e.name)) {
          await new Promise((l) => e.file((a) => { elegido.libro = a; l(); }, l));
        } else { await leerEntrada(e, ""); }
      }
    } else {
      for (const a of evento.dataTransfer.files) agregarFoto(a, a.name);
    }
    resumir();
  }

  // ---------------------------------------------------------------- sending

  function formulario() {
    const datos = new FormData();
    datos.append("token", $("token").value);  // first: checked before any file is written
    if ($("version-publica").checked) datos.append("version_publica", "sí");
    if (elegido.libro) datos.append("libro", elegido.libro, encodeURIComponent(elegido.libro.name));
    if (elegido.plantilla) {
      datos.append("plantilla", elegido.plantilla, encodeURIComponent(elegido.plantilla.name));
    }
    for (const f of elegido.fotos) datos.append("fotos", f.archivo, encodeURIComponent(f.ruta));
    return datos;
  }

  function peticion(metodo, url, cuerpo, alSubir) {
    return new Promise((listo) => {
      const xhr = new XMLHttpRequest();
      xhr.open(metodo, url);
      xhr.setRequestHeader("X-Token", $("token").value);
      xhr.responseType = "json";
      if (alSubir) xhr.upload.addEventListener("progress", alSubir);
      xhr.addEventListener("load", () => listo({ estado: xhr.status, datos: xhr.response || {} }));
      xhr.addEventListener("error", () => listo({ estado: 0, datos: {} }));
      xhr.send(cuerpo);
    });
  }

  function reiniciarVista() {
    for (const id of ["resultado", "resultado-plantilla", "descargas", "mensaje", "sin-vista",
      "borrado", "t-paginas", "bajar-docx", "bajar-pdf", "bajar-publica-docx",
      "bajar-publica-pdf"]) mostrar($(id), false);
    $("paginas").replaceChildren();
    $("tabla").tBodies[0].replaceChildren();
    $("tabla-plantilla").tBodies[0].replaceChildren();
    mostrar($("avance"), true);
    mostrar($("barra"), true);
    mostrar($("cancelar"), true);
    $("barra").value = 0;
    texto($("detalle"), "");
  }

  function pasaDelLimite() {
    // the server refuses these too, but only after the upload began: a folder over the
    // limit would upload for minutes, and a connection cut mid-upload reads as a network error
    const datos = $("formulario").dataset;
    const archivos = [elegido.libro, elegido.plantilla].filter(Boolean)
      .concat(elegido.fotos.map((f) => f.archivo));
    const maxArchivos = Number(datos.maxArchivos);
    const maxBytes = Number(datos.maxBytes);
    const mb = (n) => Math.ceil(n / 1024 / 1024);
    const total = archivos.reduce((suma, a) => suma + a.size, 0);
    if (archivos.length > maxArchivos) {
      return "Eligió " + archivos.length + " archivos y el máximo es " + maxArchivos
        + " por vez: deje en la carpeta sólo las fotos del libro. No se envió nada.";
    }
    if (total > maxBytes) {
      return "Los archivos elegidos suman " + mb(total) + " MB y el máximo es " + mb(maxBytes)
        + " MB: reduzca el tamaño de las fotos antes de subirlas. No se envió nada.";
    }
    return "";
  }

  async function enviar(evento) {
    evento.preventDefault();
    if (!elegido.libro && !elegido.plantilla && !elegido.fotos.length) {
      texto($("elegidos"), "Elija primero el libro de Excel (o un .zip con el libro y sus fotos).");
      $("libro").focus();
      return;
    }
    const excede = pasaDelLimite();
    if (excede) { texto($("elegidos"), excede); return; }
    detener();
    // the new upload replaces a job still running: it would hold one of the server's places
    if (trabajo && enCurso) peticion("POST", "/trabajos/" + trabajo + "/cancelar");
    trabajo = null;
    enCurso = false;
    reiniciarVista();
    $("enviar").disabled = true;
    texto($("fase"), "Subiendo los archivos…");
    // on a narrow window or at 200 % zoom the form fills the screen: show where things happen
    $("avance").scrollIntoView({ block: "nearest" });
    const r = await peticion("POST", "/trabajos", formulario(), (e) => {
      if (e.lengthComputable) {
        $("barra").value = Math.round((100 * e.loaded) / e.total);
        texto($("detalle"), "Subido el " + $("barra").value + " %");
      }
    });
    $("enviar").disabled = false;
    if (r.estado !== 202) {
      terminar(r.datos.mensaje ? "No se aceptó la subida: " + r.datos.mensaje + "."
        // the browser aborts too when a chosen file changed on disk (saved again in Excel)
        : "No se pudo subir: el servidor no respondió, o un archivo cambió después de elegirlo. "
          + "Si volvió a guardar el libro en Excel, elíjalo otra vez; si no, revise la conexión "
          + "y vuelva a intentarlo.");
      return;
    }
    trabajo = r.datos.id;
    enCurso = true;
    consultar();
  }

  // ---------------------------------------------------------------- following the job

  let vigilancia = null;

  function detener() {
    if (consulta) { clearTimeout(consulta); consulta = null; }
    if (vigilancia) { clearInterval(vigilancia); vigilancia = null; }
  }

  function terminar(mensaje) {
    detener();
    mostrar($("cancelar"), false);
    if (mensaje) { texto($("mensaje"), mensaje); mostrar($("mensaje"), true); }
  }

  async function consultar() {
    const id = trabajo;
    const r = await peticion("GET", "/trabajos/" + id);
    if (id !== trabajo) return;  // an answer about a job the page already left
    if (r.estado !== 200) {
      terminar(r.estado === 0 ? "Se perdió la conexión con el servidor; recargue la página."
        : (r.datos.mensaje || "El servidor ya no tiene este trabajo."));
      return;
    }
    mostrarEstado(r.datos);
    if (["esperando", "procesando"].includes(r.datos.estado)) {
      consulta = setTimeout(consultar, 400);
    }
  }

  function mostrarEstado(e) {
    enCurso = ["esperando", "procesando"].includes(e.estado);
    if (e.estado === "esperando") {
      texto($("fase"), e.lugar > 1 ? "En espera: hay " + (e.lugar - 1) + " trabajo(s) antes que el suyo."
        : "En espera: el suyo es el siguiente.");
      $("barra").removeAttribute("value");
      texto($("detalle"), "Su lugar en la fila: " + e.lugar);
    } else if (e.estado === "procesando") {
      texto($("fase"), (e.fase || "Trabajando") + "…");
      if (e.total && e.fase === "Procesando fotografías") {
        $("barra").max = e.total;
        $("barra").value = e.hechas;
        texto($("detalle"), e.hechas + " de " + e.total + " fotografías");
      } else if (e.total) {
        $("barra").value = $("barra").max;
        texto($("detalle"), e.total + " fotografías listas");
      } else {
        $("barra").removeAttribute("value");  // reading the workbook: no count to show yet
        texto($("detalle"), "");
      }
    }
    tablaHallazgos(e.hallazgos, $("tabla"), $("conteo"), $("resultado"), true);
    tablaHallazgos(e.hallazgos_plantilla, $("tabla-plantilla"), $("conteo-plantilla"),
      $("resultado-plantilla"), false);
    descargas(e);
    if (["listo", "con-errores", "fallo", "cancelado"].includes(e.estado)) final(e);
  }

  function final(e) {
    mostrar($("barra"), e.estado === "listo");
    $("barra").max = 100;
    $("barra").value = e.estado === "listo" ? 100 : 0;
    texto($("detalle"), "");
    if (e.estado === "listo" && e.archivos.length) {
      texto($("fase"), "Listo: revise las páginas y descargue el reporte.");
      terminar();
      // the server deletes the files when their life is over: a page left open must not
      // offer a download that would only say «Falló» in the browser
      vigilancia = setInterval(refrescar, 60000);
      $("t-descargas").focus();
    } else if (e.estado === "listo") {  // only a template was checked
      texto($("fase"), e.hallazgos_plantilla.length
        ? "Revisión terminada: la plantilla se puede usar (los avisos no lo impiden)."
        : "Revisión terminada: la plantilla no tiene problemas; puede usarla con su libro.");
      terminar();
    } else if (e.estado === "con-errores") {
      texto($("fase"), "Hay errores que corregir: no se generó ningún documento.");
      terminar("Corrija en Excel los errores de la tabla y vuelva a subir el libro.");
      $("t-hallazgos").focus();
    } else {
      texto($("fase"), e.estado === "cancelado" ? "Cancelado." : "No se pudo terminar.");
      terminar(e.mensaje);
    }
  }

  function celda(fila, valor, clase, etiqueta) {
    const td = document.createElement("td");
    td.dataset.etiqueta = etiqueta;  // shown before the value when the table is one column
    td.textContent = valor === null || valor === undefined ? "" : String(valor);
    if (clase) td.className = clase;
    fila.appendChild(td);
  }

  function tablaHallazgos(lista, tabla, conteo, seccion, delLibro) {
    if (!lista || !lista.length) return;
    const cuerpo = tabla.tBodies[0];
    if (cuerpo.rows.length === lista.length) return;
    cuerpo.replaceChildren();
    for (const h of lista) {
      const fila = document.createElement("tr");
      const error = h.severidad === "error";
      fila.className = error ? "es-error" : "es-aviso";
      celda(fila, error ? "Error" : "Aviso", "severidad", "Severidad");
      if (delLibro) {
        celda(fila, h.hoja || h.lugar, "", "Hoja");
        celda(fila, h.fila, "", "Fila");
        celda(fila, h.columna, "", "Columna");
      } else {
        celda(fila, h.lugar, "", "Lugar");
      }
      celda(fila, h.mensaje, "", "Mensaje");
      cuerpo.appendChild(fila);
    }
    const errores = lista.filter((h) => h.severidad === "error").length;
    const avisos = lista.length - errores;
    texto(conteo, errores + (errores === 1 ? " error" : " errores") + " y " + avisos
      + (avisos === 1 ? " aviso." : " avisos.") + (errores ? " Los errores impiden generar el reporte."
        : " Los avisos no lo impiden."));
    mostrar(seccion, true);
  }

  function descargas(e) {
    const base = "/trabajos/" + trabajo + "/";
    const hay = (tipo) => e.archivos.includes(tipo);
    if (!hay("docx")) return;
    mostrar($("descargas"), true);
    $("bajar-docx").href = base + "reporte.docx";
    mostrar($("bajar-docx"), !e.borrado);
    $("bajar-pdf").href = base + "reporte.pdf";
    mostrar($("bajar-pdf"), hay("pdf") && !e.borrado);
    $("bajar-publica-docx").href = base + "version-publica.docx";
    mostrar($("bajar-publica-docx"), hay("publica-docx") && !e.borrado);
    $("bajar-publica-pdf").href = base + "version-publica.pdf";
    mostrar($("bajar-publica-pdf"), hay("publica-pdf") && !e.borrado);
    mostrar($("borrar"), !e.borrado);
    mostrar($("borrado"), e.borrado);
    if (e.sin_vista) { texto($("sin-vista"), "Aviso: " + e.sin_vista + "."); mostrar($("sin-vista"), true); }
    const lista = $("paginas");
    if (e.borrado) {  // the previews' files are gone too: no broken images left behind
      lista.replaceChildren();
      mostrar($("t-paginas"), false);
      return;
    }
    if (e.paginas && lista.children.length !== e.paginas && !e.borrado) {
      lista.replaceChildren();
      for (let n = 1; n <= e.paginas; n++) {
        const li = document.createElement("li");
        const img = document.createElement("img");
        img.src = base + "paginas/" + n + ".jpg";
        img.alt = "Página " + n + " de " + e.paginas + " del reporte";
        img.loading = "lazy";
        const enlace = document.createElement("a");  // the page at full size, in a new tab
        enlace.href = img.src;
        enlace.target = "_blank";
        enlace.rel = "noopener";
        enlace.appendChild(img);
        li.appendChild(enlace);
        lista.appendChild(li);
      }
      mostrar($("t-paginas"), true);
    }
  }

  async function cancelar() {
    if (!trabajo) return;
    $("cancelar").disabled = true;
    const r = await peticion("POST", "/trabajos/" + trabajo + "/cancelar");
    $("cancelar").disabled = false;
    if (r.estado === 200) {
      // a running job stops in a moment: keep asking until the server says it ended
      detener();
      mostrarEstado(r.datos);
      if (["esperando", "procesando"].includes(r.datos.estado)) consultar();
    }
  }

  async function borrar() {
    if (!trabajo) return;
    const r = await peticion("POST", "/trabajos/" + trabajo + "/borrar");
    if (r.estado === 200) { mostrarEstado(r.datos); }
  }

  function quitar() {
    elegido.libro = null; elegido.plantilla = null; elegido.fotos = [];
    $("formulario").reset();
    resumir();
  }

  // ---------------------------------------------------------------- the next quarter

  let anterior = null;  // last quarter's workbook, for «libro-siguiente»

  function nombreDescarga(cabecera) {
    // the exact UTF-8 name (filename*), as the other downloads give it
    const exacto = /filename\*=UTF-8''([^;]+)/i.exec(cabecera || "");
    return exacto ? decodeURIComponent(exacto[1]) : "libro_trimestre_siguiente.xlsx";
  }

  function avisarSiguiente(mensaje) {
    texto($("mensaje-siguiente"), mensaje);
    mostrar($("mensaje-siguiente"), Boolean(mensaje));
  }

  async function enviarSiguiente(evento) {
    evento.preventDefault();
    if (!anterior) {
      avisarSiguiente("Elija primero el libro de Excel (.xlsx) del trimestre anterior.");
      $("anterior").focus();
      return;
    }
    const maximo = Number($("form-siguiente").dataset.maxBytes);
    if (anterior.size > maximo) {
      avisarSiguiente("El libro pesa " + Math.ceil(anterior.size / 1024 / 1024) + " MB y el máximo es "
        + Math.ceil(maximo / 1024 / 1024) + " MB. No se envió nada.");
      return;
    }
    const datos = new FormData();
    datos.append("token", $("token").value);
    datos.append("libro", anterior, encodeURIComponent(anterior.name));
    $("enviar-siguiente").disabled = true;
    avisarSiguiente("");
    let r = null;
    try {
      r = await fetch("/libro-siguiente", { method: "POST", body: datos,
        headers: { "X-Token": $("token").value } });
    } catch (e) {
      r = null;
    }
    $("enviar-siguiente").disabled = false;
    if (!r) {
      avisarSiguiente("No se pudo subir: el servidor no respondió, o el libro cambió después de "
        + "elegirlo. Elíjalo otra vez y vuelva a intentarlo.");
      return;
    }
    if (!r.ok) {
      const error = await r.json().catch(() => ({}));
      const porque = error.mensaje || "el servidor no lo aceptó";
      avisarSiguiente("No se pudo empezar el trimestre siguiente. " + porque[0].toUpperCase()
        + porque.slice(1) + ". No se descargó nada.");
      return;
    }
    const enlace = document.createElement("a");
    enlace.href = URL.createObjectURL(await r.blob());
    enlace.download = nombreDescarga(r.headers.get("content-disposition"));
    document.body.appendChild(enlace);
    enlace.click();
    enlace.remove();
    setTimeout(() => URL.revokeObjectURL(enlace.href), 60000);
  }

  // ---------------------------------------------------------------- Word's corrections back

  const corregido = { editado: null, libro: null, descarga: null };

  function avisarIncorporar(mensaje) {
    texto($("mensaje-incorporar"), mensaje);
    mostrar($("mensaje-incorporar"), Boolean(mensaje));
  }

  function celda(fila, valor, completo) {
    const td = document.createElement("td");
    td.textContent = valor;  // text only: what Word held is never HTML here
    if (completo) td.title = completo;
    fila.appendChild(td);
  }

  function abreviado(textoLargo, maximo) {
    // an activity's name can run to five lines: the start says which one, the tooltip all
    if (textoLargo.length <= maximo) return textoLargo;
    const corte = textoLargo.lastIndexOf(" ", maximo);
    return textoLargo.slice(0, corte > maximo / 2 ? corte : maximo) + "…»";
  }

  function mostrarCambios(respuesta) {
    const cuerpo = $("filas-cambios");
    cuerpo.replaceChildren();
    for (const c of respuesta.cambios) {
      const fila = document.createElement("tr");
      celda(fila, abreviado(c.grupo, 60) + " (" + c.celda + ")", c.grupo);
      celda(fila, c.campo);
      celda(fila, c.anterior);
      celda(fila, c.nuevo);
      cuerpo.appendChild(fila);
    }
    const n = respuesta.cambios.length;
    texto($("resumen-cambios"), n === 1 ? "1 corrección de Word para el libro"
      : n + " correcciones de Word para el libro");
    corregido.descarga = respuesta.libro
      ? { datos: respuesta.libro, nombre: respuesta.nombre } : null;
    mostrar($("cambios"), n > 0);
    const avisos = (respuesta.avisos || []).join(" ");
    avisarIncorporar(n ? avisos : "El reporte no tiene correcciones que falten en el libro; "
      + "no hay nada que descargar. " + avisos);
  }

  function descargarIncorporado() {
    if (!corregido.descarga) return;
    const binario = atob(corregido.descarga.datos);
    const octetos = new Uint8Array(binario.length);
    for (let i = 0; i < binario.length; i++) octetos[i] = binario.charCodeAt(i);
    const enlace = document.createElement("a");
    enlace.href = URL.createObjectURL(new Blob([octetos]));
    enlace.download = corregido.descarga.nombre;
    document.body.appendChild(enlace);
    enlace.click();
    enlace.remove();
    setTimeout(() => URL.revokeObjectURL(enlace.href), 60000);
  }

  async function enviarIncorporar(evento) {
    evento.preventDefault();
    mostrar($("cambios"), false);
    if (!corregido.editado || !corregido.libro) {
      avisarIncorporar("Elija el reporte corregido en Word (.docx) y el libro de Excel del que "
        + "salió.");
      return;
    }
    const datos = new FormData();
    datos.append("token", $("token").value);
    datos.append("editado", corregido.editado, encodeURIComponent(corregido.editado.name));
    datos.append("libro", corregido.libro, encodeURIComponent(corregido.libro.name));
    $("enviar-incorporar").disabled = true;
    avisarIncorporar("Leyendo el reporte y el libro…");
    let r = null;
    try {
      r = await fetch("/incorporar", { method: "POST", body: datos,
        headers: { "X-Token": $("token").value } });
    } catch (e) {
      r = null;
    }
    $("enviar-incorporar").disabled = false;
    if (!r) {
      avisarIncorporar("No se pudo subir: el servidor no respondió, o un archivo cambió después "
        + "de elegirlo. Elíjalos otra vez y vuelva a intentarlo.");
      return;
    }
    const respuesta = await r.json().catch(() => ({}));
    if (!r.ok) {
      const porque = respuesta.mensaje || "el servidor no lo aceptó";
      avisarIncorporar("No se pudo traer lo corregido. " + porque[0].toUpperCase()
        + porque.slice(1) + (porque.endsWith(".") ? "" : ".") + " El libro no cambió.");
      return;
    }
    mostrarCambios(respuesta);
  }

  // ---------------------------------------------------------------- wiring

  document.addEventListener("DOMContentLoaded", () => {
    // each input is emptied once its files are taken: the browser fires «change» only for a
    // different value, and the same workbook, saved again in Excel, must be choosable again
    // (a stale file fails to upload)
    $("libro").addEventListener("change", (e) => {
      if (e.target.files.length) elegido.libro = e.target.files[0];
      e.target.value = "";
      resumir();
    });
    $("plantilla").addEventListener("change", (e) => {
      if (e.target.files.length) elegido.plantilla = e.target.files[0];
      e.target.value = "";
      resumir();
    });
    $("anterior").addEventListener("change", (e) => {
      if (e.target.files.length) anterior = e.target.files[0];
      e.target.value = "";
      texto($("n-anterior"), anterior ? anterior.name : "Ninguno elegido");
      avisarSiguiente("");
    });
    $("form-siguiente").addEventListener("submit", enviarSiguiente);
    for (const [id, clave] of [["editado", "editado"], ["libro-editado", "libro"]]) {
      $(id).addEventListener("change", (e) => {
        if (e.target.files.length) corregido[clave] = e.target.files[0];
        e.target.value = "";
        texto($("n-" + id), corregido[clave] ? corregido[clave].name : "Ninguno elegido");
        avisarIncorporar("");
        mostrar($("cambios"), false);
      });
    }
    $("form-incorporar").addEventListener("submit", enviarIncorporar);
    $("descargar-incorporado").addEventListener("click", descargarIncorporado);
    $("fotos").addEventListener("change", (e) => {
      if (e.target.files.length) {
        elegido.fotos = [];
        for (const a of e.target.files) agregarFoto(a, a.webkitRelativePath || a.name);
      }
      e.target.value = "";
      resumir();
    });
    const zona = $("zona");
    // the whole page accepts a drop: a file dropped a little off the zone is not lost
    document.addEventListener("dragover", (e) => { e.preventDefault(); zona.classList.add("encima"); });
    document.addEventListener("dragleave", () => zona.classList.remove("encima"));
    document.addEventListener("drop", soltar);
    $("formulario").addEventListener("submit", enviar);
    $("cancelar").addEventListener("click", cancelar);
    $("borrar").addEventListener("click", borrar);
    $("limpiar").addEventListener("click", quitar);
    for (const enlace of [$("bajar-docx"), $("bajar-pdf"), $("bajar-publica-docx"),
      $("bajar-publica-pdf")]) {
      // after the download the server may delete the files: ask again what is left
      enlace.addEventListener("click", () => setTimeout(() => { if (trabajo) refrescar(); }, 1500));
    }
  });

  async function refrescar() {
    const id = trabajo;
    const r = await peticion("GET", "/trabajos/" + id);
    if (id !== trabajo) return;
    // 404: the server forgot the job altogether (twice its life): its files went long ago
    const datos = r.estado === 404 ? { archivos: ["docx"], borrado: true } : r.datos;
    if (r.estado === 200 || r.estado === 404) descargas(datos);
    if (datos.borrado) detener();
  }
}());

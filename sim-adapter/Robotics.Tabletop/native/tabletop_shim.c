// A thin C layer between the tabletop's C# code and MuJoCo 2.2.2, compiled against the installed headers so
// that no mjModel/mjData struct layout is copied by hand into C#. It also owns the headless GL context
// (EGL surfaceless first, OSMesa as fallback) and renders a batch of envs in one call.
#define _GNU_SOURCE
#include <mujoco/mujoco.h>
#include <EGL/egl.h>
#include <EGL/eglext.h>
#include <GL/osmesa.h>
#include <dlfcn.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TT_EXPORT __attribute__((visibility("default")))

// ---------------------------------------------------------------------------------------------- model

TT_EXPORT mjModel* tt_load_xml(const char* xml, char* error, int error_len) {
  // mjVFS is ~2 MB (2000 file names), so it lives on the heap.
  mjVFS* vfs = (mjVFS*)malloc(sizeof(mjVFS));
  if (!vfs) { snprintf(error, error_len, "out of memory"); return NULL; }
  mj_defaultVFS(vfs);
  int len = (int)strlen(xml);
  if (mj_makeEmptyFileVFS(vfs, "tabletop.xml", len) != 0) {
    snprintf(error, error_len, "mj_makeEmptyFileVFS failed");
    free(vfs);
    return NULL;
  }
  memcpy(vfs->filedata[vfs->nfile - 1], xml, len);
  mjModel* m = mj_loadXML("tabletop.xml", vfs, error, error_len);
  mj_deleteVFS(vfs);
  free(vfs);
  return m;
}

TT_EXPORT int tt_mujoco_version(void) { return mj_version(); }
TT_EXPORT mjModel* tt_copy_model(const mjModel* m) { return mj_copyModel(NULL, m); }

// The geom group no renderer draws (mjv_defaultOption shows groups 0-2; sites use 4).
#define TT_PARKED_GROUP 5

// Takes every geom of body's subtree out of collision and out of the rendered scene. Only for objects parked
// far out of view: there they touch nothing and no camera sees them, so the active objects' contacts (and their
// order) and every image stay exactly what the full model gives, while broadphase and rendering skip them.
TT_EXPORT void tt_park_body(mjModel* m, int body) {
  for (int g = 0; g < m->ngeom; g++) {
    int b = m->geom_bodyid[g];
    while (b > 0 && b != body) b = m->body_parentid[b];
    if (b != body) continue;
    m->geom_contype[g] = 0;
    m->geom_conaffinity[g] = 0;
    m->geom_group[g] = TT_PARKED_GROUP;
  }
}
TT_EXPORT void tt_free_model(mjModel* m) { mj_deleteModel(m); }
TT_EXPORT int tt_name2id(const mjModel* m, int type, const char* name) { return mj_name2id(m, type, name); }
TT_EXPORT double tt_timestep(const mjModel* m) { return m->opt.timestep; }

// Sizes the C# side needs: nq, nv, nu, nbody, nmocap, njnt, ngeom, nsite, ncam.
TT_EXPORT void tt_model_sizes(const mjModel* m, int* out) {
  out[0] = m->nq; out[1] = m->nv; out[2] = m->nu; out[3] = m->nbody; out[4] = m->nmocap;
  out[5] = m->njnt; out[6] = m->ngeom; out[7] = m->nsite; out[8] = m->ncam;
}

TT_EXPORT const int* tt_jnt_qposadr(const mjModel* m) { return m->jnt_qposadr; }
TT_EXPORT const int* tt_jnt_dofadr(const mjModel* m) { return m->jnt_dofadr; }
TT_EXPORT const int* tt_body_mocapid(const mjModel* m) { return m->body_mocapid; }
TT_EXPORT const mjtNum* tt_qpos0(const mjModel* m) { return m->qpos0; }

// ----------------------------------------------------------------------------------------------- data

TT_EXPORT mjData* tt_make_data(const mjModel* m) { return mj_makeData(m); }
TT_EXPORT void tt_free_data(mjData* d) { mj_deleteData(d); }
TT_EXPORT void tt_reset(const mjModel* m, mjData* d) { mj_resetData(m, d); }
TT_EXPORT void tt_forward(const mjModel* m, mjData* d) { mj_forward(m, d); }

TT_EXPORT mjtNum* tt_qpos(mjData* d) { return d->qpos; }
TT_EXPORT mjtNum* tt_qvel(mjData* d) { return d->qvel; }
TT_EXPORT mjtNum* tt_ctrl(mjData* d) { return d->ctrl; }
TT_EXPORT mjtNum* tt_mocap_pos(mjData* d) { return d->mocap_pos; }
TT_EXPORT mjtNum* tt_mocap_quat(mjData* d) { return d->mocap_quat; }
TT_EXPORT mjtNum* tt_xpos(mjData* d) { return d->xpos; }
TT_EXPORT mjtNum* tt_xquat(mjData* d) { return d->xquat; }
TT_EXPORT mjtNum* tt_site_xpos(mjData* d) { return d->site_xpos; }

static int tt_bad_state(const mjModel* m, const mjData* d) {
  if (d->warning[mjWARN_BADQPOS].number || d->warning[mjWARN_BADQVEL].number ||
      d->warning[mjWARN_BADQACC].number || d->warning[mjWARN_CONTACTFULL].number ||
      d->warning[mjWARN_CNSTRFULL].number)
    return 1;
  for (int i = 0; i < m->nq; i++) {
    // Nothing in the scene is ever more than a few metres away; 50 m means the contact solver blew up.
    if (!isfinite(d->qpos[i]) || fabs(d->qpos[i]) > 50) return 1;
  }
  for (int i = 0; i < m->nv; i++) {
    if (!isfinite(d->qvel[i])) return 1;
  }
  return 0;
}

// Advances nsteps physics steps. Returns 0, or 1 when the state became invalid (NaN, absurd positions, a MuJoCo
// bad-qpos/qvel/qacc warning, after which MuJoCo itself resets the data, or contacts/constraints dropped because
// the buffers overflowed): the episode must end.
TT_EXPORT int tt_step(const mjModel* m, mjData* d, int nsteps) {
  for (int i = 0; i < nsteps; i++) {
    mj_step(m, d);
    if (tt_bad_state(m, d)) return 1;
  }
  return 0;
}

// Cancels (on != 0) or restores gravity on a body's subtree through xfrc_applied: parked objects float out of
// view without resting contacts, which would cost solver time every step.
TT_EXPORT void tt_set_weightless(const mjModel* m, mjData* d, int body, int on) {
  mjtNum* f = d->xfrc_applied + 6 * body;
  for (int i = 0; i < 6; i++) f[i] = 0;
  if (on) for (int i = 0; i < 3; i++) f[i] = -m->opt.gravity[i] * m->body_subtreemass[body];
}

// Number of active contacts between any geom of body1 and any geom of body2.
TT_EXPORT int tt_contacts_between(const mjModel* m, const mjData* d, int body1, int body2) {
  int count = 0;
  for (int i = 0; i < d->ncon; i++) {
    int b1 = m->geom_bodyid[d->contact[i].geom1], b2 = m->geom_bodyid[d->contact[i].geom2];
    if ((b1 == body1 && b2 == body2) || (b1 == body2 && b2 == body1)) count++;
  }
  return count;
}

// ------------------------------------------------------------------------------------------ rendering

enum { TT_GL_EGL = 1, TT_GL_OSMESA = 2 };

typedef struct {
  int backend, width, height;
  EGLDisplay egl_display;
  EGLContext egl_context;
  OSMesaContext osmesa_context;
  unsigned char* osmesa_buffer;
  unsigned char* scratch;
  mjvScene scene;
  mjvOption option;
  mjrContext context;
} tt_renderer;

static int tt_make_current(tt_renderer* r) {
  if (r->backend == TT_GL_EGL) {
    if (eglGetCurrentContext() == r->egl_context) return 1;
    return eglMakeCurrent(r->egl_display, EGL_NO_SURFACE, EGL_NO_SURFACE, r->egl_context) == EGL_TRUE;
  }
  return OSMesaMakeCurrent(r->osmesa_context, r->osmesa_buffer, GL_UNSIGNED_BYTE, r->width, r->height) != 0;
}

// Releases the context so that the next batch may render from another thread (EGL binds a context to one thread).
static void tt_release_current(tt_renderer* r) {
  if (r->backend == TT_GL_EGL) eglMakeCurrent(r->egl_display, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
}

static EGLDisplay tt_egl_display(char* error, int error_len) {
  PFNEGLGETPLATFORMDISPLAYEXTPROC get_platform_display =
      (PFNEGLGETPLATFORMDISPLAYEXTPROC)eglGetProcAddress("eglGetPlatformDisplayEXT");
  EGLint major, minor;
  if (get_platform_display) {
    // Mesa without a display server: the surfaceless platform.
    EGLDisplay display = get_platform_display(EGL_PLATFORM_SURFACELESS_MESA, EGL_DEFAULT_DISPLAY, NULL);
    if (display != EGL_NO_DISPLAY && eglInitialize(display, &major, &minor)) return display;
    // NVIDIA and other drivers: the first EGL device.
    PFNEGLQUERYDEVICESEXTPROC query_devices = (PFNEGLQUERYDEVICESEXTPROC)eglGetProcAddress("eglQueryDevicesEXT");
    EGLDeviceEXT devices[8];
    EGLint count = 0;
    if (query_devices && query_devices(8, devices, &count) && count > 0) {
      for (int i = 0; i < count; i++) {
        display = get_platform_display(EGL_PLATFORM_DEVICE_EXT, devices[i], NULL);
        if (display != EGL_NO_DISPLAY && eglInitialize(display, &major, &minor)) return display;
      }
    }
  }
  EGLDisplay display = eglGetDisplay(EGL_DEFAULT_DISPLAY);
  if (display != EGL_NO_DISPLAY && eglInitialize(display, &major, &minor)) return display;
  snprintf(error, error_len, "EGL: no display could be initialised (eglInitialize error 0x%x)", eglGetError());
  return EGL_NO_DISPLAY;
}

static int tt_init_egl(tt_renderer* r, char* error, int error_len) {
  // MuJoCo's GL loader looks eglGetProcAddress up in the global symbol scope.
  if (!dlopen("libEGL.so.1", RTLD_NOW | RTLD_GLOBAL)) {
    snprintf(error, error_len, "EGL: cannot load libEGL.so.1: %s", dlerror());
    return 0;
  }
  r->egl_display = tt_egl_display(error, error_len);
  if (r->egl_display == EGL_NO_DISPLAY) return 0;
  const EGLint attributes[] = {
      EGL_SURFACE_TYPE, EGL_PBUFFER_BIT, EGL_RENDERABLE_TYPE, EGL_OPENGL_BIT,
      EGL_RED_SIZE, 8, EGL_GREEN_SIZE, 8, EGL_BLUE_SIZE, 8, EGL_ALPHA_SIZE, 8, EGL_DEPTH_SIZE, 24,
      EGL_NONE};
  EGLConfig config;
  EGLint count = 0;
  if (!eglChooseConfig(r->egl_display, attributes, &config, 1, &count) || count < 1) {
    snprintf(error, error_len, "EGL: eglChooseConfig found no pbuffer/OpenGL config (error 0x%x)", eglGetError());
    return 0;
  }
  if (!eglBindAPI(EGL_OPENGL_API)) {
    snprintf(error, error_len, "EGL: eglBindAPI(OpenGL) failed (error 0x%x)", eglGetError());
    return 0;
  }
  r->egl_context = eglCreateContext(r->egl_display, config, EGL_NO_CONTEXT, NULL);
  if (r->egl_context == EGL_NO_CONTEXT) {
    snprintf(error, error_len, "EGL: eglCreateContext failed (error 0x%x)", eglGetError());
    return 0;
  }
  if (!tt_make_current(r)) {
    snprintf(error, error_len, "EGL: eglMakeCurrent (surfaceless) failed (error 0x%x)", eglGetError());
    eglDestroyContext(r->egl_display, r->egl_context);
    r->egl_context = EGL_NO_CONTEXT;
    return 0;
  }
  return 1;
}

static int tt_init_osmesa(tt_renderer* r, char* error, int error_len) {
  if (!dlopen("libOSMesa.so.8", RTLD_NOW | RTLD_GLOBAL) && !dlopen("libOSMesa.so.6", RTLD_NOW | RTLD_GLOBAL)) {
    snprintf(error, error_len, "OSMesa: cannot load libOSMesa: %s", dlerror());
    return 0;
  }
  r->osmesa_context = OSMesaCreateContextExt(OSMESA_RGBA, 24, 0, 0, NULL);
  if (!r->osmesa_context) {
    snprintf(error, error_len, "OSMesa: OSMesaCreateContextExt failed");
    return 0;
  }
  r->osmesa_buffer = (unsigned char*)malloc((size_t)r->width * r->height * 4);
  if (!r->osmesa_buffer || !tt_make_current(r)) {
    snprintf(error, error_len, "OSMesa: OSMesaMakeCurrent failed");
    return 0;
  }
  return 1;
}

static void tt_destroy_gl(tt_renderer* r) {
  if (r->egl_context != EGL_NO_CONTEXT) {
    eglMakeCurrent(r->egl_display, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
    eglDestroyContext(r->egl_display, r->egl_context);  // never eglTerminate: other renderers share the display
    r->egl_context = EGL_NO_CONTEXT;
  }
  if (r->osmesa_context) { OSMesaDestroyContext(r->osmesa_context); r->osmesa_context = NULL; }
  free(r->osmesa_buffer); r->osmesa_buffer = NULL;
}

// backend: 0 = auto (EGL, then OSMesa), 1 = EGL only, 2 = OSMesa only. Returns NULL and fills error on failure.
TT_EXPORT tt_renderer* tt_renderer_create(const mjModel* m, int width, int height, int backend, char* error, int error_len) {
  if (width > m->vis.global.offwidth || height > m->vis.global.offheight) {
    snprintf(error, error_len, "image %dx%d is larger than the model's offscreen buffer %dx%d", width, height,
             m->vis.global.offwidth, m->vis.global.offheight);
    return NULL;
  }
  tt_renderer* r = (tt_renderer*)calloc(1, sizeof(tt_renderer));
  r->width = width; r->height = height;
  r->egl_context = EGL_NO_CONTEXT;
  char egl_error[512] = "", osmesa_error[512] = "";
  int ok = 0;
  if (backend == 0 || backend == TT_GL_EGL) {
    r->backend = TT_GL_EGL;
    ok = tt_init_egl(r, egl_error, sizeof egl_error);
    if (!ok) tt_destroy_gl(r);
  }
  if (!ok && (backend == 0 || backend == TT_GL_OSMESA)) {
    r->backend = TT_GL_OSMESA;
    ok = tt_init_osmesa(r, osmesa_error, sizeof osmesa_error);
    if (!ok) tt_destroy_gl(r);
  }
  if (!ok) {
    snprintf(error, error_len, "no headless OpenGL: %s%s%s", egl_error, egl_error[0] && osmesa_error[0] ? "; " : "", osmesa_error);
    free(r);
    return NULL;
  }
  mjv_defaultScene(&r->scene);
  mjv_defaultOption(&r->option);
  mjr_defaultContext(&r->context);
  mjv_makeScene(m, &r->scene, 500);
  mjr_makeContext(m, &r->context, mjFONTSCALE_50);
  if (!r->context.offFBO) {
    snprintf(error, error_len, "MuJoCo could not create its offscreen framebuffer");
    mjv_freeScene(&r->scene);
    mjr_freeContext(&r->context);
    tt_destroy_gl(r);
    free(r);
    return NULL;
  }
  mjr_setBuffer(mjFB_OFFSCREEN, &r->context);
  r->scratch = (unsigned char*)malloc((size_t)width * height * 3);
  tt_release_current(r);
  return r;
}

TT_EXPORT int tt_renderer_backend(const tt_renderer* r) { return r->backend; }

// Renders camera camid of each data[i] (i < n), a data of models[i], into out[i] as uint8 [height, width, 3], top
// row first. The models are copies of the one the renderer was made for (tt_copy_model), differing only in which
// geoms they show. Returns 0, or -1 when the GL context cannot be made current.
TT_EXPORT int tt_render(tt_renderer* r, const mjModel** models, mjData** data, int n, int camid, unsigned char** out) {
  if (!tt_make_current(r)) return -1;
  mjr_setBuffer(mjFB_OFFSCREEN, &r->context);
  mjvCamera camera;
  mjv_defaultCamera(&camera);
  camera.type = mjCAMERA_FIXED;
  camera.fixedcamid = camid;
  mjrRect viewport = {0, 0, r->width, r->height};
  size_t row = (size_t)r->width * 3;
  for (int i = 0; i < n; i++) {
    mjv_updateScene(models[i], data[i], &r->option, NULL, &camera, mjCAT_ALL, &r->scene);
    mjr_render(viewport, &r->scene, &r->context);
    mjr_readPixels(r->scratch, NULL, viewport, &r->context);
    // OpenGL's rows run bottom-up; images are top row first.
    for (int y = 0; y < r->height; y++) memcpy(out[i] + y * row, r->scratch + (size_t)(r->height - 1 - y) * row, row);
  }
  tt_release_current(r);
  return 0;
}

TT_EXPORT void tt_renderer_free(tt_renderer* r) {
  if (!r) return;
  if (tt_make_current(r)) {
    mjr_freeContext(&r->context);
  }
  mjv_freeScene(&r->scene);
  tt_destroy_gl(r);
  free(r->scratch);
  free(r);
}

// The admin's CSS and JavaScript. Light and dark themes are two sets of
// custom properties: the system's preference by default, the toggle's
// choice (kept in localStorage) when made. The script is loaded in <head>
// without defer so the chosen theme applies before the first paint.
#include "admin/assets.hpp"

#include <array>

namespace cpprustango::admin::detail {
namespace {

constexpr std::string_view kCss = R"css(
:root{--bg:#f6f7f9;--fg:#1d2330;--muted:#5b6475;--card:#fff;--line:#dfe3ea;--accent:#2f6fde;--accent-fg:#fff;
--head:#1f2a44;--head-fg:#f3f6fb;--danger:#c62d2d;--ok-bg:#e6f4ea;--ok-fg:#1e6b34;--err-bg:#fdecec;--row:#fafbfc;
--focus:0 0 0 3px rgba(47,111,222,.35);color-scheme:light}
@media (prefers-color-scheme:dark){:root:not([data-theme=light]){--bg:#12151b;--fg:#e5e9f0;--muted:#9aa3b2;
--card:#1b2029;--line:#2d3441;--accent:#6ea2ff;--accent-fg:#0c1220;--head:#0b0e13;--head-fg:#e5e9f0;--danger:#ff7b7b;
--ok-bg:#16321f;--ok-fg:#9be0ad;--err-bg:#3a1b1b;--row:#1e242e;color-scheme:dark}}
:root[data-theme=dark]{--bg:#12151b;--fg:#e5e9f0;--muted:#9aa3b2;--card:#1b2029;--line:#2d3441;--accent:#6ea2ff;
--accent-fg:#0c1220;--head:#0b0e13;--head-fg:#e5e9f0;--danger:#ff7b7b;--ok-bg:#16321f;--ok-fg:#9be0ad;--err-bg:#3a1b1b;
--row:#1e242e;color-scheme:dark}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
a{color:var(--accent);text-decoration:none}a:hover{text-decoration:underline}
:focus-visible{outline:none;box-shadow:var(--focus);border-radius:4px}
header.top{display:flex;align-items:center;justify-content:space-between;gap:1rem;padding:.7rem 1.5rem;
background:var(--head);color:var(--head-fg)}
header.top a.brand{color:var(--head-fg);font-weight:600;font-size:1.1rem;letter-spacing:.01em}
header.top nav.user{display:flex;align-items:center;gap:.8rem}
header.top form{margin:0}
header.top button{color:var(--head-fg)}
nav.crumbs{padding:.6rem 1.5rem;color:var(--muted);border-bottom:1px solid var(--line);background:var(--card);font-size:.9rem}
main{padding:1.2rem 1.5rem 3rem;max-width:1280px}
main.narrow{max-width:26rem;margin:8vh auto;padding:1rem}
h1{font-size:1.5rem;font-weight:600;margin:.2rem 0 1rem}
h2{font-size:1.1rem;margin:1.5rem 0 .6rem}
button,.button{font:inherit;cursor:pointer;border-radius:6px;border:1px solid var(--line);background:var(--card);
color:var(--fg);padding:.45rem .9rem;display:inline-block}
button.primary,.button.primary{background:var(--accent);border-color:var(--accent);color:var(--accent-fg);font-weight:600}
button.danger,.button.danger{background:#c62d2d;border-color:#c62d2d;color:#fff}
button.link{background:none;border:none;padding:0;color:inherit;text-decoration:underline}
button.theme{background:none;border:1px solid rgba(255,255,255,.3);padding:.1rem .5rem;border-radius:99px}
.card,.module{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:1rem 1.2rem;margin-bottom:1rem}
.module{padding:0;overflow:hidden}
.module table{width:100%;border-collapse:collapse}
.module caption{text-align:left;padding:.6rem 1rem;background:var(--accent);color:var(--accent-fg);font-weight:600;
text-transform:capitalize}
.module th,.module td{padding:.55rem 1rem;border-top:1px solid var(--line);text-align:left}
.module th{font-weight:500}
.notice{background:var(--ok-bg);color:var(--ok-fg);padding:.6rem 1rem;border-radius:8px}
.errornote{background:var(--err-bg);color:var(--danger);padding:.6rem 1rem;border-radius:8px}
.toolbar{display:flex;flex-wrap:wrap;gap:.6rem;align-items:center;margin-bottom:.8rem}
.toolbar input[type=search]{min-width:16rem}.toolbar select{width:auto}.toolbar h1{margin:0}
.spacer{flex:1}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.layout{display:flex;gap:1.2rem;align-items:flex-start}
.layout .results{flex:1;min-width:0}
aside.filters{width:15rem;background:var(--card);border:1px solid var(--line);border-radius:10px;padding:.6rem 1rem}
aside.filters h3{font-size:.8rem;text-transform:uppercase;letter-spacing:.05em;color:var(--muted);margin:.8rem 0 .3rem}
aside.filters ul{list-style:none;margin:0;padding:0}aside.filters li{padding:.12rem 0}
aside.filters li.selected a{font-weight:700;color:var(--fg)}
.count{color:var(--muted);font-size:.85em}
table.results{width:100%;border-collapse:collapse;background:var(--card);border:1px solid var(--line);border-radius:10px;
overflow:hidden}
table.results th,table.results td{padding:.5rem .8rem;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
table.results thead th{background:var(--row);font-size:.85rem;color:var(--muted);white-space:nowrap}
table.results thead th a{color:inherit}
table.results tbody tr:hover{background:var(--row)}
td.null{color:var(--muted)}
.wrap{overflow-x:auto}
.paginator{margin-top:.8rem;color:var(--muted);display:flex;gap:.8rem;align-items:center;flex-wrap:wrap}
form.model fieldset{border:1px solid var(--line);border-radius:10px;background:var(--card);padding:.4rem 1.2rem 1rem;
margin:0 0 1rem}
form.model legend{font-weight:600;padding:0 .4rem}
.field{display:grid;grid-template-columns:12rem 1fr;gap:.3rem 1rem;padding:.7rem 0;border-bottom:1px solid var(--line)}
.field:last-child{border-bottom:none}
main.narrow .field{grid-template-columns:1fr;border:none;padding:.4rem 0}
.field label{font-weight:500;padding-top:.35rem}
.field label.required::after{content:" *";color:var(--danger)}
.field .help{grid-column:2;color:var(--muted);font-size:.85rem;margin:0}
.field ul.errors{grid-column:2;margin:0;padding:0;list-style:none;color:var(--danger);font-size:.9rem}
.field.has-error input,.field.has-error select,.field.has-error textarea{border-color:var(--danger)}
input,select,textarea{font:inherit;color:var(--fg);background:var(--bg);border:1px solid var(--line);border-radius:6px;
padding:.45rem .6rem;max-width:100%}
input[type=text],input[type=email],input[type=url],input[type=search],input[type=password],textarea,select{width:34rem}
input[type=number]{width:12rem}
main.narrow input{width:100%}
textarea{min-height:8rem;resize:vertical}
textarea.code{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.9rem;min-height:12rem}
.readonly{padding-top:.35rem}
.checks{display:flex;flex-wrap:wrap;gap:.3rem 1rem;padding-top:.35rem}
.actions{display:flex;gap:.6rem;flex-wrap:wrap;align-items:center;margin-top:1rem}
.actions .spacer{flex:1}
ul.deleted{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:.8rem 2rem}
.history td,.history th{white-space:normal}
.picker{position:relative}
.picker ul{position:absolute;z-index:5;left:0;top:100%;margin:.2rem 0;padding:0;list-style:none;background:var(--card);
border:1px solid var(--line);border-radius:6px;min-width:20rem;max-height:16rem;overflow:auto}
.picker li{padding:.35rem .6rem;cursor:pointer}.picker li:hover,.picker li[aria-selected=true]{background:var(--row)}
.preview{border:1px dashed var(--line);border-radius:6px;padding:.2rem 1rem;margin-top:.4rem}
.markdown{display:grid;gap:.4rem;width:34rem;max-width:100%}.markdown textarea{width:100%}
.markdown-bar{display:flex;gap:.6rem;align-items:center}
input.mono{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.9rem}
.array{display:grid;gap:.4rem;width:26rem;max-width:100%}.array textarea{min-height:6rem}
ol.array-items{margin:0;padding:0;list-style:none;display:grid;gap:.35rem}
ol.array-items li{display:flex;gap:.5rem;align-items:center}ol.array-items input{flex:1}
button.array-add{justify-self:start}
.default-submit{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}
.markdown-preview{border:1px dashed var(--line);border-radius:6px;padding:.2rem 1rem;background:var(--card);overflow:auto}
.markdown-preview table{border-collapse:collapse}.markdown-preview td,.markdown-preview th{border:1px solid var(--line);padding:.2rem .5rem}
.markdown-preview pre,.markdown-preview code{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.9rem}
@media (max-width:800px){.layout{flex-direction:column}aside.filters{width:100%}
.field{grid-template-columns:1fr}.field .help,.field ul.errors{grid-column:1}
input[type=text],input[type=email],input[type=url],input[type=search],textarea,select{width:100%}
main{padding:1rem}header.top{padding:.6rem 1rem}}
)css";

constexpr std::string_view kJs = R"js(
(function(){
  var root=document.documentElement;
  try{var saved=localStorage.getItem('cpprustango-theme');if(saved){root.setAttribute('data-theme',saved);}}catch(e){}
  function ready(){
    document.querySelectorAll('[data-theme-toggle]').forEach(function(button){
      button.addEventListener('click',function(){
        var dark=root.getAttribute('data-theme')?root.getAttribute('data-theme')==='dark'
          :window.matchMedia('(prefers-color-scheme: dark)').matches;
        var next=dark?'light':'dark';root.setAttribute('data-theme',next);
        try{localStorage.setItem('cpprustango-theme',next);}catch(e){}
      });
    });
    var all=document.querySelector('[data-select-all]');
    if(all){all.addEventListener('change',function(){
      document.querySelectorAll('input[name=_selected]').forEach(function(box){box.checked=all.checked;});});}
    document.querySelectorAll('[data-picker]').forEach(function(box){
      var input=box.querySelector('input[type=search]'),hidden=box.querySelector('input[type=hidden]'),
          list=box.querySelector('ul'),url=box.getAttribute('data-picker'),timer=null;
      input.addEventListener('input',function(){
        clearTimeout(timer);
        timer=setTimeout(function(){
          fetch(url+'?q='+encodeURIComponent(input.value),{credentials:'same-origin'})
            .then(function(r){return r.json();}).then(function(items){
              list.innerHTML='';list.hidden=items.length===0;
              items.forEach(function(item){
                var li=document.createElement('li');li.textContent=item.text;li.setAttribute('role','option');
                li.addEventListener('mousedown',function(){hidden.value=item.id;input.value=item.text;list.hidden=true;});
                list.appendChild(li);
              });
            });
        },150);
      });
      input.addEventListener('blur',function(){setTimeout(function(){list.hidden=true;},150);});
    });
    // Markdown: re-render the preview on the server 250 ms after typing stops (same sanitizer as the
    // Preview button, which still works without this script). Older answers never replace newer ones.
    document.querySelectorAll('[data-preview]').forEach(function(box){
      var area=box.querySelector('textarea'),out=box.querySelector('.markdown-preview'),timer=null,sent=0,shown=0;
      var token=area&&area.form?area.form.querySelector('input[name=csrf_token]'):null;
      if(!out||!token){return;}
      area.addEventListener('input',function(){
        clearTimeout(timer);
        timer=setTimeout(function(){
          var mine=++sent,body=new URLSearchParams();
          body.set('field',box.getAttribute('data-field'));body.set('text',area.value);
          out.setAttribute('aria-busy','true');
          fetch(box.getAttribute('data-preview'),{method:'POST',credentials:'same-origin',body:body,
                headers:{'X-CSRF-Token':token.value}})
            .then(function(r){return r.ok?r.text():null;})
            .then(function(html){
              if(html!==null&&mine>shown){shown=mine;out.innerHTML=html;}
              if(mine===sent){out.removeAttribute('aria-busy');}
            })
            .catch(function(){out.removeAttribute('aria-busy');});
        },250);
      });
    });
    // array(T): the one-item-per-line textarea becomes a list of inputs with add and remove
    // buttons; the textarea, hidden, stays what the form sends.
    document.querySelectorAll('[data-array-editor]').forEach(function(box){
      var area=box.querySelector('textarea'),list=document.createElement('ol'),hint=box.querySelector('.count');
      var label=document.querySelector('label[for="'+area.id+'"]'),name=label?label.textContent:'List';
      list.className='array-items';
      function sync(){
        var values=[];list.querySelectorAll('input').forEach(function(i){if(i.value.trim()!==''){values.push(i.value);}});
        area.value=values.join('\n');
      }
      function add(value,focus){
        var li=document.createElement('li'),input=document.createElement('input'),remove=document.createElement('button');
        input.type='text';input.value=value;input.className='mono';
        input.setAttribute('aria-label',name+' item');
        input.addEventListener('input',sync);
        input.addEventListener('keydown',function(e){if(e.key==='Enter'){e.preventDefault();add('',true);}});
        remove.type='button';remove.className='link';remove.textContent='Remove';
        remove.setAttribute('aria-label','Remove this item');
        remove.addEventListener('click',function(){li.remove();sync();});
        li.appendChild(input);li.appendChild(remove);list.appendChild(li);
        if(focus){input.focus();}
      }
      area.value.split('\n').forEach(function(line){if(line.trim()!==''){add(line,false);}});
      var more=document.createElement('button');
      more.type='button';more.textContent='Add item';more.className='array-add';
      more.addEventListener('click',function(){add('',true);});
      area.hidden=true;
      box.insertBefore(list,area);box.insertBefore(more,area);
      if(hint){hint.textContent='One '+box.getAttribute('data-element')+' per item';}
    });
  }
  if(document.readyState==='loading'){document.addEventListener('DOMContentLoaded',ready);}else{ready();}
})();
)js";

constexpr std::array<Asset, 2> kAssets{{
    {"admin.css", "text/css; charset=utf-8", kCss},
    {"admin.js", "text/javascript; charset=utf-8", kJs},
}};

}  // namespace

const std::string_view kHead =
    "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
    "<meta name=\"robots\" content=\"noindex\">"
    "<link rel=\"stylesheet\" href=\"/admin/static/admin.css\"><script src=\"/admin/static/admin.js\"></script>";

const std::string_view kPlainHead =
    "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
    "<link rel=\"stylesheet\" href=\"/admin/static/admin.css\"><title>Admin</title></head><body>";

const Asset* find_asset(std::string_view name) {
  for (const auto& asset : kAssets) {
    if (asset.name == name) return &asset;
  }
  return nullptr;
}

}  // namespace cpprustango::admin::detail

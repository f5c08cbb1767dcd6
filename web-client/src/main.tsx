// Entry point of the seeker app: builds the API client, the session and the flow, then renders.
import { render } from "preact";
import { createLotseApi } from "./api/lotseApi.ts";
import { SeekerFlow } from "./domain/SeekerFlow.ts";
import { browserSessionStorage, SessionStore } from "./domain/session.ts";
import { App } from "./ui/App.tsx";
import "./ui/styles.css";

const api = createLotseApi({ baseUrl: import.meta.env.VITE_LOTSE_API_URL ?? "" });
const session = new SessionStore(browserSessionStorage());
const flow = new SeekerFlow({ api, session });

const root = document.getElementById("app");
if (root === null) throw new Error("#app element missing in index.html");
root.replaceChildren();
render(<App flow={flow} />, root);
void flow.start();
